package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One step in a migration run's history.
 *
 * @param at when
 * @param step e.g. {@code start}, {@code batch}, {@code cancel}, {@code resume}, {@code complete}, {@code fail}
 * @param message what happened
 */
public record MigrationEvent(Instant at, String step, String message) {
    /** Validates and truncates the time to milliseconds. */
    public MigrationEvent {
        at = Validation.required(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Validation.requiredText(step, "step");
        message = message == null ? "" : message;
    }
}
