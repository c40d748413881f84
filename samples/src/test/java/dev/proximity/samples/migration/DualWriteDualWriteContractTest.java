package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationPhase;

/** The store contract through a dual-write store in {@code DUAL_WRITE}, on SQLite. */
class DualWriteDualWriteContractTest extends DualWriteStoreContract {
    @Override
    MigrationPhase phase() {
        return MigrationPhase.DUAL_WRITE;
    }
}
