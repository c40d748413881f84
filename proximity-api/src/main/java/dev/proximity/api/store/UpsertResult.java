package dev.proximity.api.store;

import dev.proximity.api.Validation;

/**
 * What a bulk copy did with one app.
 *
 * @param id the app's id
 * @param outcome created, updated, skipped or rejected
 * @param rejection why it was rejected (the field and the app that holds the value), or why it was skipped; null otherwise
 */
public record UpsertResult(String id, UpsertOutcome outcome, String rejection) {

    /** Requires a reason exactly for rejections. */
    public UpsertResult {
        Validation.requiredText(id, "id");
        Validation.required(outcome, "outcome");
        Validation.errors().check(outcome == UpsertOutcome.REJECTED && rejection == null, "rejection", rejection,
                        "is required for a rejected app")
                .throwIfAny("upsert result");
    }
}
