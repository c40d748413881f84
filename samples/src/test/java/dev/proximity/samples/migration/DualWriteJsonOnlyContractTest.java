package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;

/** The store contract through a dual-write store in {@code JSON_ONLY}, on SQLite. */
class DualWriteJsonOnlyContractTest extends DualWriteStoreContract {
    @Override
    MigrationPhase phase() {
        return MigrationPhase.JSON_ONLY;
    }
}
