package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;

/** The store contract through a dual-write store in {@code DB_ONLY}, on SQLite. */
class DualWriteDbOnlyContractTest extends DualWriteStoreContract {
    @Override
    MigrationPhase phase() {
        return MigrationPhase.DB_ONLY;
    }
}
