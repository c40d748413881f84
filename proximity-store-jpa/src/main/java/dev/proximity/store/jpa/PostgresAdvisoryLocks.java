package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.FileStoreLocks;
import dev.proximity.api.store.StoreLock;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link dev.proximity.api.store.ProximityStore#lock} on PostgreSQL: a session-level advisory lock,
 * held on a connection of its own for as long as the lock is held. Outside the pool, so long-held
 * locks (a deploy holds its app's lock for minutes) never starve transactions of connections; when
 * the holding process dies its connection drops and PostgreSQL releases the lock.
 */
final class PostgresAdvisoryLocks {

    private static final long POLL_MILLIS = 20;

    private final DataSource connections;
    private final String store;

    PostgresAdvisoryLocks(DataSource connections, String store) {
        this.connections = connections;
        this.store = store;
    }

    Optional<StoreLock> lock(String name, Duration wait) {
        long key = FileStoreLocks.keyOf(name);
        long deadline = System.nanoTime() + wait.toNanos();
        Connection connection = open(name);
        try (PreparedStatement tryLock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            tryLock.setLong(1, key);
            while (true) {
                try (ResultSet result = tryLock.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return Optional.of(new Held(name, key, connection));
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    close(connection);
                    return Optional.empty();
                }
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, remaining / 1_000_000)));
            }
        } catch (SQLException e) {
            close(connection);
            throw new StoreException(store + ": cannot take lock '" + name + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(connection);
            Thread.currentThread().interrupt();
            throw new StoreException(store + ": interrupted while waiting for lock '" + name + "'", e);
        }
    }

    private Connection open(String name) {
        try {
            Connection connection = connections.getConnection();
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw new StoreException(store + ": cannot connect to take lock '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a connection that failed: PostgreSQL ends its session, and its locks, either way
        }
    }

    private final class Held implements StoreLock {
        private final String name;
        private final long key;
        private final Connection connection;
        private boolean released;

        Held(String name, long key, Connection connection) {
            this.name = name;
            this.key = key;
            this.connection = connection;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.executeQuery().close();
            } catch (SQLException e) {
                // the connection is closed below, which releases the lock anyway
            } finally {
                PostgresAdvisoryLocks.close(connection);
            }
        }

        @Override
        public String toString() {
            return "StoreLock[" + name + " on " + store + "]";
        }
    }
}
