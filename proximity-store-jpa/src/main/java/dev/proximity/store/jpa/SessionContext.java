package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import jakarta.persistence.PersistenceException;
import org.hibernate.StatelessSession;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;

/**
 * What the repositories of one transaction share: its connection, the Hibernate session bound to
 * that connection, whether it may write, and whether it is still open. Hibernate runs as a
 * {@link StatelessSession}: every call is one statement, executed at once, with no persistence
 * context that a failed statement could leave half-flushed.
 */
final class SessionContext {

    private final Connection connection;
    private final Supplier<StatelessSession> openSession;
    private StatelessSession hibernate;
    private final Database database;
    private final boolean writable;
    private final String store;
    private volatile boolean open = true;

    SessionContext(Connection connection, Supplier<StatelessSession> openSession, Database database, boolean writable, String store) {
        this.connection = connection;
        this.openSession = openSession;
        this.database = database;
        this.writable = writable;
        this.store = store;
    }

    /** @return the Hibernate session of this transaction, opened on first use */
    StatelessSession hibernate() {
        requireOpen();
        if (hibernate == null) {
            hibernate = openSession.get();
        }
        return hibernate;
    }

    /** @return the JDBC connection of this transaction, for native SQL */
    Connection connection() {
        requireOpen();
        return connection;
    }

    /** @return which database this is */
    Database database() {
        return database;
    }

    /** @return whether this is a write transaction */
    boolean writable() {
        return writable;
    }

    /**
     * @param action what the caller is about to do, for the message
     * @throws IllegalStateException inside {@code store.read}
     */
    void requireWritable(String action) {
        requireOpen();
        if (!writable) {
            throw new IllegalStateException("cannot " + action + " inside store.read(...): it is read-only; use store.write(...)");
        }
    }

    /**
     * Runs one statement that may fail with a constraint violation the caller wants to recover
     * from. On PostgreSQL a failed statement poisons the whole transaction, so it runs behind a
     * savepoint and a failure rolls back to it; the transaction stays usable either way.
     *
     * @param statement the statement
     * @param <T> its result type
     * @return its result
     */
    <T> T fenced(Supplier<T> statement) {
        if (!database.failedStatementAbortsTransaction()) {
            return statement.get();
        }
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw failure("set a savepoint", e);
        }
        T result;
        try {
            result = statement.get();
        } catch (RuntimeException failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failure("release a savepoint", e);
        }
        return result;
    }

    /**
     * @param action what failed, e.g. "insert app 'x'"
     * @param cause the database's error
     * @return a store exception naming the store and the action
     */
    StoreException failure(String action, Exception cause) {
        return new StoreException(store + ": cannot " + action + ": " + cause.getMessage(), cause);
    }

    /**
     * Runs a database call, turning Hibernate and JDBC failures into {@link StoreException}s that
     * name the store and the action.
     *
     * @param action what is being done, for the message
     * @param call the call
     * @param <T> its result type
     * @return its result
     */
    <T> T call(String action, Supplier<T> call) {
        requireOpen();
        try {
            return call.get();
        } catch (PersistenceException e) {
            throw failure(action, e);
        }
    }

    /** A JDBC statement's work. */
    @FunctionalInterface
    interface SqlWork<T> {
        /**
         * @param statement the prepared statement
         * @return the result
         * @throws java.sql.SQLException when the database refuses
         */
        T run(java.sql.PreparedStatement statement) throws java.sql.SQLException;
    }

    /**
     * Runs one plain JDBC statement on this transaction's connection: the small, hot statements
     * (settings, migration runs) that need no ORM, so a store that only copies apps never builds
     * Hibernate's metamodel.
     *
     * @param action what is being done, for the message
     * @param sql the statement, with {@code ?} parameters
     * @param work binds and runs it
     * @param <T> its result type
     * @return its result
     */
    <T> T jdbc(String action, String sql, SqlWork<T> work) {
        requireOpen();
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(statement);
        } catch (java.sql.SQLException e) {
            throw failure(action, e);
        }
    }

    /** Ends this context: every later call fails; the Hibernate session, if one was opened, is closed. */
    void close() {
        open = false;
        if (hibernate != null) {
            hibernate.close();
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("this store session has ended; use the session only inside the "
                    + "store.read(...) or store.write(...) call that handed it out");
        }
    }
}
