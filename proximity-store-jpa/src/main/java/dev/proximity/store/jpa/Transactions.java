package dev.proximity.store.jpa;

import javax.sql.DataSource;
import dev.proximity.api.store.StoreLock;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;

/**
 * Owns a database's connections and runs work inside its transactions. One implementation per
 * database, because SQLite and PostgreSQL need opposite strategies: SQLite serializes writers
 * (one writer connection, {@code BEGIN IMMEDIATE}); PostgreSQL lets a pool of writers run at once.
 */
interface Transactions extends AutoCloseable {

    /**
     * Runs work in a read-only transaction that sees one consistent snapshot.
     *
     * @param work the work; whatever it throws propagates unchanged after the transaction ended
     * @param <T> its result type
     * @return its result
     */
    <T> T read(ConnectionWork<T> work);

    /**
     * Runs work in a write transaction, committed if the work returns and rolled back if it throws.
     *
     * @param work the work; whatever it throws propagates unchanged after the rollback
     * @param <T> its result type
     * @return its result
     */
    <T> T write(ConnectionWork<T> work);

    /**
     * @return a plain, unpooled data source for one-off work at start-up (schema migration and
     *         validation), so it never competes with the pools
     */
    DataSource schemaDataSource();

    /**
     * Takes a named lock across every process using this database (see {@code ProximityStore.lock}).
     *
     * @param name the lock's name
     * @param wait how long to wait
     * @return the held lock, or empty when another holder kept it for the whole wait
     */
    Optional<StoreLock> lock(String name, Duration wait);

    /** Closes the pools. */
    @Override
    void close();

    /**
     * Work on a connection inside a transaction.
     *
     * @param <T> its result type
     */
    @FunctionalInterface
    interface ConnectionWork<T> {
        /**
         * @param connection the transaction's connection; do not commit, roll back or close it
         * @return the result
         */
        T apply(Connection connection);
    }
}
