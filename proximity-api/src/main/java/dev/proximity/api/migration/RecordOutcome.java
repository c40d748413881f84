package dev.proximity.api.migration;

import dev.proximity.api.Validation;

/**
 * What happened to one source record.
 *
 * @param position zero-based position in the source, or -1 when not positional
 * @param id the record id, or null when it has none
 * @param result what happened
 * @param reason why (for errors and skips), or null
 */
public record RecordOutcome(int position, String id, Result result, String reason) {

    /** Requires a result. */
    public RecordOutcome {
        Validation.required(result, "result");
    }

    /** Per-record results. */
    public enum Result {
        /** Inserted. */
        CREATED,
        /** Replaced an older copy. */
        UPDATED,
        /** Target was as new or newer. */
        SKIPPED,
        /** Could not be read or written. */
        ERROR
    }
}
