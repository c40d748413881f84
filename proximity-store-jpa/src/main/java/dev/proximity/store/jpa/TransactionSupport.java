package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shared end of every transaction: run the work, commit, or roll back and rethrow the work's
 * own exception unchanged (a failed rollback is attached to it as suppressed, never replaces it).
 */
final class TransactionSupport {

    private TransactionSupport() {
    }

    /**
     * @param connection the connection, inside a transaction
     * @param work the work
     * @param commit commits the transaction
     * @param rollback rolls it back
     * @param store the store, for messages
     * @param <T> the result type
     * @return the work's result, after a successful commit
     */
    static <T> T runThenEnd(Connection connection, Transactions.ConnectionWork<T> work, SqlAction commit, SqlAction rollback,
                            String store) {
        T result;
        try {
            result = work.apply(connection);
        } catch (RuntimeException | Error failure) {
            rollbackKeeping(failure, rollback);
            throw failure;
        }
        try {
            commit.run();
        } catch (SQLException commitFailure) {
            StoreException failure = new StoreException(store + ": cannot commit the transaction; nothing it wrote was kept: "
                    + commitFailure.getMessage(), commitFailure);
            rollbackKeeping(failure, rollback);
            throw failure;
        }
        return result;
    }

    private static void rollbackKeeping(Throwable failure, SqlAction rollback) {
        try {
            rollback.run();
        } catch (SQLException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Runs one SQL statement that takes no parameters (transaction control).
     *
     * @param connection the connection
     * @param sql the statement
     * @throws SQLException when it fails
     */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A JDBC action that may fail. */
    @FunctionalInterface
    interface SqlAction {
        /** @throws SQLException when it fails */
        void run() throws SQLException;
    }
}
