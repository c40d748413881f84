package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * The outcome of a finished run: its record and the per-record outcomes worth reading.
 *
 * @param run the run as recorded
 * @param outcomes per-record outcomes other than plain creates (errors, skips, updates)
 */
public record MigrationReport(MigrationRun run, List<RecordOutcome> outcomes) {
    /** Copies the outcomes. */
    public MigrationReport {
        Validation.required(run, "run");
        outcomes = Validation.copyOf(outcomes);
    }
}
