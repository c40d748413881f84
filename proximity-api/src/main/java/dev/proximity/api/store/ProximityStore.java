package dev.proximity.api.store;

import dev.proximity.api.error.StoreException;

import java.time.Duration;
import java.util.Optional;
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

    /**
     * Takes a named lock that excludes every other holder of the name across all processes sharing
     * this store (a lock file beside a JSON or SQLite store, an advisory lock on PostgreSQL).
     * Operations hold it for their whole length, outside any transaction: it serializes work on
     * one app, or one reconcile pass per store. Locks are not reentrant across names that the
     * adapter may map to one slot; never take two locks at once except in a fixed order.
     *
     * @param name the lock's name, e.g. {@code app:nginx-web} or {@code reconcile}
     * @param wait how long to wait for it; zero tries once
     * @return the held lock, or empty when another holder kept it for the whole wait
     * @throws StoreException when the lock cannot be taken for another reason
     */
    Optional<StoreLock> lock(String name, Duration wait);

    /**
     * Readies the store for many apps written in large batches, as a migration's backfill does, until
     * the returned copy is closed. A database whose app table is empty sets its query indexes aside
     * and builds each once at the end, instead of updating all of them for every row; it records
     * them first, so one opened after a crash mid-copy rebuilds them. Reads and writes stay correct
     * meanwhile (unique values are still enforced), only queries by status, node or owner are slower.
     *
     * @return the copy under way; close it when the copy ends, however it ends
     * @throws StoreException when the store cannot be readied
     */
    default BulkCopy startBulkCopy() {
        return BulkCopy.NONE;
    }

    /** @return what this store is and where, without secrets */
    StoreDescriptor descriptor();

    /** Releases files, connections and pools. */
    @Override
    void close();
}
