package dev.proximity.api.error;

/**
 * An action is impossible in the app's current status, e.g. starting an app that is still
 * deploying. Nothing was changed.
 */
public class InvalidTransitionException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String appId;
    private final String status;
    private final String action;

    /**
     * @param appId the app
     * @param status its status, as stored
     * @param action what was asked, e.g. {@code start}
     * @param allowed in which statuses the action is possible, for the message
     */
    public InvalidTransitionException(String appId, String status, String action, String allowed) {
        super("cannot " + action + " app '" + appId + "': it is " + status + "; " + action + " is possible when it is "
                + allowed);
        this.appId = appId;
        this.status = status;
        this.action = action;
    }

    /** @return the app */
    public String appId() {
        return appId;
    }

    /** @return its status when the action was refused */
    public String status() {
        return status;
    }

    /** @return the refused action */
    public String action() {
        return action;
    }
}
