package dev.proximity.api.error;

/**
 * The store failed: I/O, database or lock trouble. The message names the store and the operation.
 */
public class StoreException extends ProximityException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the store
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed, naming the store
     */
    public StoreException(String message) {
        super(message);
    }
}
