package dev.proximity.api.error;

import dev.proximity.api.app.DeploymentLogEntry;

import java.util.List;

/**
 * A deploy failed. The steps already taken were undone; the step log says what happened.
 */
public class DeploymentFailedException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String appId;
    private final String failedStep;
    private final transient List<DeploymentLogEntry> log;

    /**
     * @param appId the app that failed to deploy
     * @param failedStep the step that failed, e.g. {@code lxc_create}
     * @param log the full step log, including the undo steps
     * @param cause the failure
     */
    public DeploymentFailedException(String appId, String failedStep, List<DeploymentLogEntry> log, Throwable cause) {
        super("deployment of '" + appId + "' failed at step " + failedStep
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.appId = appId;
        this.failedStep = failedStep;
        this.log = List.copyOf(log);
    }

    /** @return the app id */
    public String appId() {
        return appId;
    }

    /** @return the step that failed */
    public String failedStep() {
        return failedStep;
    }

    /** @return the step log, oldest first */
    public List<DeploymentLogEntry> log() {
        return log;
    }
}
