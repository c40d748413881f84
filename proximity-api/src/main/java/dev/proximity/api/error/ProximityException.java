package dev.proximity.api.error;

/**
 * The root of every exception Proximity throws. Unchecked: callers catch the subtypes they can act on.
 */
public abstract class ProximityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with context
     */
    protected ProximityException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with context
     * @param cause the underlying failure
     */
    protected ProximityException(String message, Throwable cause) {
        super(message, cause);
    }
}
