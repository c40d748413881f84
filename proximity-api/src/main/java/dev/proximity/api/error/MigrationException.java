package dev.proximity.api.error;

/**
 * A storage migration could not start, continue or switch phase.
 */
public class MigrationException extends ProximityException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what state was kept
     */
    public MigrationException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what state was kept
     * @param cause the underlying failure
     */
    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
