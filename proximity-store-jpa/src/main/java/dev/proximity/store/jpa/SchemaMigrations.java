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

/**
 * Brings a database's schema to the current version with the Flyway migrations under
 * {@code db/migration/<database>}. Re-running on a current schema changes nothing.
 *
 * <p>Only one process migrates a database at a time. On PostgreSQL, Flyway's advisory lock sees to
 * that. Flyway cannot lock an SQLite file, so two processes opening a new file at once would both
 * try to create the tables; there the migration runs under an exclusive lock on a sibling file
 * ({@code <db>.migration-lock}, released by the OS if the process dies) and, within this JVM, under
 * a lock of its own (a JVM cannot hold two OS locks on one file).
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Object SQLITE_MIGRATIONS_IN_THIS_JVM = new Object();

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
                migrate(target, dataSource);
            } catch (IOException e) {
                throw new StoreException(target + ": cannot lock " + lockFile + " to migrate the schema: " + e.getMessage(), e);
            }
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
