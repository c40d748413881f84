package dev.proximity.api.store;

/**
 * A copy of many apps into a store under way (see {@link ProximityStore#startBulkCopy}). Closing it
 * puts the store back as it was before the copy began; its data stays.
 */
@FunctionalInterface
public interface BulkCopy extends AutoCloseable {

    /** A store with nothing to prepare. */
    BulkCopy NONE = () -> { };

    /**
     * Ends the copy: whatever the store set aside for it (for example query indexes) is back.
     *
     * @throws dev.proximity.api.error.StoreException when that fails; the store puts it back the
     *         next time it is opened
     */
    @Override
    void close();
}
