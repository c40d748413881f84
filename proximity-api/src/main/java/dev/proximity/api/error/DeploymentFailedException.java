package dev.proximity.api.error;

import dev.proximity.api.app.DeploymentLogEntry;

import java.util.List;

/**
 * A deploy failed. The steps already taken were undone (container destroyed, ports released) and
 * the record follows the configured policy; the step log says what happened.
 */
public class DeploymentFailedException extends OperationFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param appId the app that failed to deploy
     * @param deploymentId the attempt
     * @param failedStep the step that failed, e.g. {@code lxc_create}
     * @param undone whether the undo completed
     * @param log the full step log, including the undo steps
     * @param cause the failure
     */
    public DeploymentFailedException(String appId, String deploymentId, String failedStep, boolean undone,
                                     List<DeploymentLogEntry> log, Throwable cause) {
        super("deployment", appId, deploymentId, failedStep, undone, log, cause);
    }
}
