package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A recorded backfill run. Survives restarts; a failed or cancelled run resumes after
 * {@code progress.lastId()}.
 *
 * @param id the run id
 * @param source the source store (no secrets)
 * @param target the target store (no secrets)
 * @param request batch size and dry-run flag
 * @param status the run state
 * @param progress how far it got
 * @param counts per-record outcomes so far
 * @param events the run's history, oldest first
 * @param errors the records that failed, with position and reason
 * @param startedAt when it started
 * @param updatedAt when it last changed
 * @param finishedAt when it completed, failed or was cancelled; null while pending or running
 */
public record MigrationRun(String id, String source, String target, MigrationRequest request, MigrationRunStatus status,
                           MigrationProgress progress, MigrationCounts counts, List<MigrationEvent> events,
                           List<RecordOutcome> errors, Instant startedAt, Instant updatedAt, Instant finishedAt) {

    /** Validates and copies. */
    public MigrationRun {
        Validation.requiredText(id, "id");
        Validation.requiredText(source, "source");
        Validation.requiredText(target, "target");
        Validation.required(request, "request");
        Validation.required(status, "status");
        Validation.required(progress, "progress");
        Validation.required(counts, "counts");
        events = Validation.copyOf(events);
        errors = Validation.copyOf(errors);
        startedAt = Validation.required(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
        updatedAt = Validation.required(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MILLIS);
        finishedAt = finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
