package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a database's schema to the current version with the Flyway migrations under
 * {@code db/migration/<database>}. Re-running on a current schema changes nothing.
 *
 * <p>Only one process migrates a database at a time. On PostgreSQL, Flyway's advisory lock sees to
 * that. Flyway cannot lock an SQLite file, so two processes opening a new file at once would both
 * try to create the tables; there the migration runs under an exclusive lock on a sibling file
 * ({@code <db>.migration-lock}, released by the OS if the process dies) and, within this JVM, under
 * a lock of its own (a JVM cannot hold two OS locks on one file). The switch of a new SQLite file to
 * WAL mode happens there too.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Object SQLITE_MIGRATIONS_IN_THIS_JVM = new Object();
    private static final long RETRY_PAUSE_MS = 20;

    private SchemaMigrations() {
    }

    /**
     * @param target the database, for messages
     * @param dataSource an unpooled data source for it
     */
    static void apply(JdbcTarget target, DataSource dataSource) {
        if (target.database() != Database.SQLITE) {
            migrate(target, dataSource);
            return;
        }
        Path lockFile = Path.of(target.location() + ".migration-lock");
        synchronized (SQLITE_MIGRATIONS_IN_THIS_JVM) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                useWriteAheadLog(target, dataSource);
                migrate(target, dataSource);
            } catch (IOException e) {
                throw new StoreException(target + ": cannot lock " + lockFile + " to migrate the schema: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Switches the file to WAL, which lets readers work beside the writer. The mode is persistent in
     * the file, so this changes something only for a new file. SQLite does not wait for the file to
     * be free when it switches (SQLITE_BUSY at once), so a file still held by a process that opened
     * it without this library is retried for the busy timeout. Where the file system refuses WAL,
     * the store still works, with readers and the writer taking turns, and says so in the log.
     */
    private static void useWriteAheadLog(JdbcTarget target, DataSource dataSource) {
        long giveUpAt = System.nanoTime() + SqliteTransactions.BUSY_TIMEOUT.toNanos();
        while (true) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                String now = mode.next() ? mode.getString(1) : "";
                if (!"wal".equalsIgnoreCase(now)) {
                    LOG.warn("{}: the file stayed in {} journal mode instead of WAL (a file system without shared memory?); "
                            + "it works, but readers and the writer wait for each other", target, now);
                }
                return;
            } catch (SQLException e) {
                boolean busy = SqliteResultCodes.is(e, SqliteResultCodes.BUSY);
                if (!busy || System.nanoTime() > giveUpAt) {
                    throw new StoreException(target + ": cannot switch the file to WAL mode" + (busy ? " (another process held "
                            + "it for more than " + SqliteTransactions.BUSY_TIMEOUT.toSeconds() + " s)" : "") + ": " + e.getMessage(), e);
                }
                pauseBeforeRetry(target);
            }
        }
    }

    private static void pauseBeforeRetry(JdbcTarget target) {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(target + ": interrupted while waiting to switch the file to WAL mode", e);
        }
    }

    private static void migrate(JdbcTarget target, DataSource dataSource) {
        try {
            MigrateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(target.database().migrations())
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("{}: schema migrated from version {} to {} ({} migrations)", target,
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException(target + ": cannot migrate the schema; the database was left at its last "
                    + "successfully applied version: " + e.getMessage(), e);
        }
    }
}
