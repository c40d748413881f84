package dev.proximity.samples.support;

import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.core.DualWriteStore;
import dev.proximity.core.StoreMigration;

import static org.assertj.core.api.Assertions.assertThat;

/** Moves a dual-write store through its phases as an operator would: a backfill before the database becomes primary. */
public final class Phases {

    private Phases() {
    }

    /**
     * @param dual the store
     * @param target the phase to reach, forward from where it is
     */
    public static void advance(DualWriteStore dual, MigrationPhase target) {
        advance(dual, target, true);
    }

    /**
     * @param dual the store
     * @param target the phase to reach, forward from where it is
     * @param backfill whether to run a backfill before DB_PRIMARY (stores without records need none)
     */
    public static void advance(DualWriteStore dual, MigrationPhase target, boolean backfill) {
        while (dual.phase().compareTo(target) < 0) {
            MigrationPhase next = MigrationPhase.values()[dual.phase().ordinal() + 1];
            if (next == MigrationPhase.DB_PRIMARY && backfill) {
                backfill(dual);
            }
            dual.switchPhase(next);
        }
        assertThat(dual.phase()).isEqualTo(target);
    }

    /** @param dual a store in DUAL_WRITE (copies JSON into the database) or DB_PRIMARY (the way back) */
    public static void backfill(DualWriteStore dual) {
        StoreMigration migration = StoreMigration.of(dual);
        var report = migration.await(migration.start(MigrationRequest.defaults()).id());
        assertThat(report.run().status()).as(report.run().events().toString()).isEqualTo(MigrationRunStatus.COMPLETED);
    }
}
