package dev.proximity.api.store;

import dev.proximity.api.error.StoreException;

import java.util.function.Function;

/**
 * Outbound port: where Proximity keeps its state. Work runs in a transaction: everything a
 * {@code write} does through its session commits together or not at all, and is serialized against
 * other writers of the same store, in this process and in others.
 *
 * <p>Adapters: JSON file, JPA on SQLite or PostgreSQL, and the dual-write store that wraps two
 * others. All pass the same contract test suite.
 */
public interface ProximityStore extends AutoCloseable {

    /**
     * Runs read-only work on a consistent view. Mutating calls inside it fail.
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     * @throws StoreException when the store cannot be read
     */
    <T> T read(Function<StoreSession, T> work);

    /**
     * Runs work in one write transaction. If {@code work} throws, nothing it did is kept and the
     * exception propagates unchanged.
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     * @throws StoreException when the store cannot be written
     */
    <T> T write(Function<StoreSession, T> work);

    /** @return what this store is and where, without secrets */
    StoreDescriptor descriptor();

    /** Releases files, connections and pools. */
    @Override
    void close();
}
