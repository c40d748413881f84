package dev.proximity.api.error;

import dev.proximity.api.app.DeploymentLogEntry;

import java.util.List;

/**
 * An operation on an app (deploy, start, stop, delete, clone, update...) failed at a step. What
 * the operation had done was undone where it could be ({@link #undone()}); the step log tells the
 * whole story, and the cause says what the platform answered (see the {@link PlatformException}
 * subtypes: HTTP status and reason, task exit status, exit code and standard error).
 */
public class OperationFailedException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final String appId;
    private final String deploymentId;
    private final String failedStep;
    private final boolean undone;
    private final transient List<DeploymentLogEntry> log;

    /**
     * @param operation the operation, e.g. {@code deploy}
     * @param appId the app
     * @param deploymentId the deployment attempt the log belongs to
     * @param failedStep the step that failed, e.g. {@code lxc_create}
     * @param undone whether everything the operation had done was undone
     * @param log the step log, including the undo steps
     * @param cause the failure
     */
    public OperationFailedException(String operation, String appId, String deploymentId, String failedStep,
                                    boolean undone, List<DeploymentLogEntry> log, Throwable cause) {
        super(operation + " of '" + appId + "' failed at step " + failedStep
                + (cause == null ? "" : ": " + cause.getMessage())
                + (undone ? "" : "; the undo did not complete, reconcile will finish it (see the log)"), cause);
        this.operation = operation;
        this.appId = appId;
        this.deploymentId = deploymentId;
        this.failedStep = failedStep;
        this.undone = undone;
        this.log = List.copyOf(log);
    }

    /** @return the operation, e.g. {@code deploy} */
    public String operation() {
        return operation;
    }

    /** @return the app id */
    public String appId() {
        return appId;
    }

    /** @return the deployment attempt whose log holds the story */
    public String deploymentId() {
        return deploymentId;
    }

    /** @return the step that failed */
    public String failedStep() {
        return failedStep;
    }

    /** @return whether everything the operation had done was undone */
    public boolean undone() {
        return undone;
    }

    /** @return the step log, oldest first */
    public List<DeploymentLogEntry> log() {
        return log;
    }
}
