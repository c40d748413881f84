package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Brings a database's schema to the current version with the Flyway migrations under
 * {@code db/migration/<database>}. Re-running on a current schema changes nothing. On PostgreSQL,
 * Flyway's advisory lock keeps several JVMs from migrating at once.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    /**
     * @param target the database, for messages
     * @param dataSource an unpooled data source for it
     */
    static void apply(JdbcTarget target, DataSource dataSource) {
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
