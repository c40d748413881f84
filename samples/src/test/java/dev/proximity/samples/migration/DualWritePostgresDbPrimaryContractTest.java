package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.samples.support.SharedPostgres;

/** The store contract through a dual-write store in {@code DB_PRIMARY}, on PostgreSQL. */
class DualWritePostgresDbPrimaryContractTest extends DualWriteStoreContract {
    @Override
    MigrationPhase phase() {
        return MigrationPhase.DB_PRIMARY;
    }

    @Override
    String databaseUrl() {
        return SharedPostgres.newDatabaseUrl();
    }
}
