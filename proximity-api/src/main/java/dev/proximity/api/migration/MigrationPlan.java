package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * A dry run: what a backfill would do, computed without writing anything.
 *
 * @param source the source store
 * @param target the target store
 * @param sourceRecords records in the source, readable or not
 * @param wouldCreate records absent from the target
 * @param wouldUpdate records older in the target
 * @param wouldSkip records as new or newer in the target
 * @param problems source records that cannot be read, with position and reason
 */
public record MigrationPlan(String source, String target, long sourceRecords, long wouldCreate, long wouldUpdate,
                            long wouldSkip, List<RecordOutcome> problems) {
    /** Copies the problems. */
    public MigrationPlan {
        problems = Validation.copyOf(problems);
    }
}
