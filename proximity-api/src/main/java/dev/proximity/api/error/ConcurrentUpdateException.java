package dev.proximity.api.error;

/**
 * An optimistic-locking conflict: the record changed since it was read. Re-read and retry.
 */
public class ConcurrentUpdateException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final long expectedVersion;

    /**
     * @param kind the kind of record
     * @param id the record id
     * @param expectedVersion the version the caller held
     * @param actualVersion the version in the store (-1 when unknown)
     */
    public ConcurrentUpdateException(String kind, String id, long expectedVersion, long actualVersion) {
        super(kind + " '" + id + "' was changed concurrently: expected version " + expectedVersion
                + (actualVersion < 0 ? "" : ", store holds version " + actualVersion) + "; re-read and retry");
        this.id = id;
        this.expectedVersion = expectedVersion;
    }

    /** @return the record id */
    public String id() {
        return id;
    }

    /** @return the version the caller held */
    public long expectedVersion() {
        return expectedVersion;
    }
}
