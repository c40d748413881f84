package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.samples.support.SharedPostgres;

/** The store contract through a dual-write store in {@code DUAL_WRITE}, on PostgreSQL. */
class DualWritePostgresDualWriteContractTest extends DualWriteStoreContract {
    @Override
    MigrationPhase phase() {
        return MigrationPhase.DUAL_WRITE;
    }

    @Override
    String databaseUrl() {
        return SharedPostgres.newDatabaseUrl();
    }
}
