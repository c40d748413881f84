package dev.proximity.store.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.StoreLock;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL transactions on a Hikari pool, safe for many JVMs at once. Writers run concurrently
 * at READ COMMITTED; correctness comes from row locks, unique constraints and the optimistic
 * {@code version} column, not from serializing writers. Reads run READ ONLY at REPEATABLE READ so
 * every query of one read sees the same snapshot.
 */
final class PostgresTransactions implements Transactions {

    private static final int POOL_SIZE = 10;

    private final JdbcTarget target;
    private final HikariDataSource pool;
    private final PostgresAdvisoryLocks locks;

    PostgresTransactions(JdbcTarget target) {
        this.target = target;
        HikariConfig config = new HikariConfig();
        config.setPoolName("proximity-postgresql");
        config.setJdbcUrl(target.jdbcUrl());
        target.credentials().forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setAutoCommit(false);
        // Plan every statement with its actual parameters. A generic plan guesses "a third of the
        // rows match" for a range condition, which can steer the lowest-expired-port query onto a
        // primary-key walk whose cost grows with occupancy; a custom plan sees that none are expired.
        // (a start-up option, not init SQL: with auto-commit off, init SQL would leave a transaction open)
        config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        // a batch of inserts travels as multi-row INSERTs: one round trip and one plan per 128 rows,
        // not per row (their update counts read as SUCCESS_NO_INFO, which no insert here looks at)
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(target + ": cannot connect: " + e.getMessage(), e);
        }
        this.locks = new PostgresAdvisoryLocks(schemaDataSource(), target.toString());
    }

    @Override
    public <T> T read(ConnectionWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return TransactionSupport.runThenEnd(connection, work, connection::commit, connection::rollback, target.toString());
        } catch (SQLException e) {
            throw new StoreException(target + ": cannot run a read transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T write(ConnectionWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return TransactionSupport.runThenEnd(connection, work, connection::commit, connection::rollback, target.toString());
        } catch (SQLException e) {
            throw new StoreException(target + ": cannot run a write transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public DataSource schemaDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(target.jdbcUrl());
        for (Map.Entry<String, String> credential : target.credentials().entrySet()) {
            try {
                dataSource.setProperty(credential.getKey(), credential.getValue());
            } catch (SQLException e) {
                throw new StoreException(target + ": unknown connection parameter '" + credential.getKey() + "'", e);
            }
        }
        return dataSource;
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        return locks.lock(name, wait);
    }

    @Override
    public void close() {
        pool.close();
    }
}
