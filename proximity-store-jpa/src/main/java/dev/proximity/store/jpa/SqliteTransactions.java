package dev.proximity.store.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.FileStoreLocks;
import dev.proximity.api.store.StoreLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite transactions that never fail with {@code SQLITE_BUSY} under concurrent writers.
 *
 * <p>SQLite allows one writer at a time per file. Writers in this JVM queue on a fair lock in front
 * of a single writer connection; writers in other JVMs are excluded by {@code BEGIN IMMEDIATE},
 * which takes the file's write lock before the first read (so a transaction never has to upgrade a
 * read snapshot, the case SQLite cannot wait out) and waits up to the busy timeout for it.
 * The transaction is begun and ended with explicit SQL on an auto-commit connection rather than
 * through the driver's {@code transaction_mode=IMMEDIATE}: the driver opens the next transaction
 * right after each commit, so an idle writer connection would keep holding the file's write lock.
 *
 * <p>Readers use a small pool of {@code query_only} connections; in WAL mode they read a snapshot
 * while a writer works. The file is in WAL mode (set once by {@link SchemaMigrations}); every
 * connection runs with {@code synchronous=FULL} (a commit survives power loss, not just a process
 * crash), foreign keys on and a busy timeout.
 */
final class SqliteTransactions implements Transactions {

    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WRITER_QUEUE_TIMEOUT = Duration.ofMinutes(2);
    private static final int READERS = 4;

    private final JdbcTarget target;
    private final SQLiteDataSource direct;
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final ReentrantLock writerTurn = new ReentrantLock(true);

    SqliteTransactions(JdbcTarget target) {
        this.target = target;
        createParentDirectory(Path.of(target.location()));
        this.direct = dataSource(target, false);
        this.writer = pool(target, "writer", dataSource(target, false), 1, null);
        this.readers = pool(target, "reader", dataSource(target, true), READERS, "PRAGMA query_only = 1");
    }

    /** Locks live on bytes of {@code NAME.ops.lock} beside the database file; see {@link FileStoreLocks}. */
    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        Path file = Path.of(target.location());
        return FileStoreLocks.of(file.resolveSibling(file.getFileName() + ".ops.lock")).lock(name, wait);
    }

    @Override
    public <T> T read(ConnectionWork<T> work) {
        try (Connection connection = readers.getConnection()) {
            TransactionSupport.execute(connection, "BEGIN DEFERRED");
            return TransactionSupport.runThenEnd(connection, work,
                    () -> TransactionSupport.execute(connection, "COMMIT"),
                    () -> TransactionSupport.execute(connection, "ROLLBACK"), target.toString());
        } catch (SQLException e) {
            throw new StoreException(target + ": cannot run a read transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T write(ConnectionWork<T> work) {
        awaitWriterTurn();
        try (Connection connection = writer.getConnection()) {
            TransactionSupport.execute(connection, "BEGIN IMMEDIATE");
            return TransactionSupport.runThenEnd(connection, work,
                    () -> TransactionSupport.execute(connection, "COMMIT"),
                    () -> TransactionSupport.execute(connection, "ROLLBACK"), target.toString());
        } catch (SQLException e) {
            String hint = String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
                    ? " (another process held the write lock for more than " + BUSY_TIMEOUT.toSeconds() + " s)" : "";
            throw new StoreException(target + ": cannot run a write transaction" + hint + ": " + e.getMessage(), e);
        } finally {
            writerTurn.unlock();
        }
    }

    private void awaitWriterTurn() {
        try {
            if (!writerTurn.tryLock(WRITER_QUEUE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException(target + ": gave up waiting " + WRITER_QUEUE_TIMEOUT.toSeconds()
                        + " s for this process's other writers to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(target + ": interrupted while waiting to write", e);
        }
    }

    @Override
    public DataSource schemaDataSource() {
        return direct;
    }

    @Override
    public void close() {
        try {
            readers.close();
        } finally {
            writer.close();
        }
    }

    private static void createParentDirectory(Path file) {
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new StoreException("sqlite:" + file + ": cannot create the directory " + parent + ": " + e.getMessage(), e);
            }
        }
    }

    /** The writer's page cache, in KiB (readers keep SQLite's default 2 MB). */
    private static final int WRITER_CACHE_KIB = 32 * 1024;

    private static SQLiteDataSource dataSource(JdbcTarget target, boolean reader) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // WAL is not set here: switching a new file to it needs the file to itself, which a connection
        // opening beside another process's migration does not get (SQLITE_BUSY, without waiting).
        // SchemaMigrations switches it once, under the migration lock; it is persistent in the file.
        if (!reader) {
            // a batch of thousands of apps touches a dozen indexes: with the default 2 MB page cache the
            // writer re-reads index pages from the OS on every batch
            config.setCacheSize(-WRITER_CACHE_KIB);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(target.jdbcUrl());
        return dataSource;
    }

    private static HikariDataSource pool(JdbcTarget target, String role, DataSource dataSource, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("proximity-sqlite-" + role);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionInitSql(initSql);
        config.setConnectionTimeout(WRITER_QUEUE_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(target + ": cannot open the database file: " + e.getMessage(), e);
        }
    }
}
