package dev.proximity.api.app;

/**
 * Receives every step of an operation as it is logged, for progress displays and metrics. Called
 * on the thread running the operation; keep it quick. Exceptions it throws are logged and ignored.
 */
@FunctionalInterface
public interface DeploymentListener {

    /** Ignores every step. */
    DeploymentListener NONE = entry -> { };

    /**
     * @param entry the step just logged
     */
    void onStep(DeploymentLogEntry entry);
}
