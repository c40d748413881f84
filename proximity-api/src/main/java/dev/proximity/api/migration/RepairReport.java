package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * What a repair pass of a dual-write store did: the entries it found (writes one store missed, and
 * writes whose second commit was never confirmed), how many it replayed, and those it could not.
 *
 * @param found entries queued when the pass began
 * @param replayed entries replayed and removed
 * @param failures the entries left queued, each with why
 */
public record RepairReport(int found, int replayed, List<String> failures) {

    /** Copies the failures. */
    public RepairReport {
        failures = Validation.copyOf(failures);
    }

    /** @return whether nothing is left to repair */
    public boolean isComplete() {
        return failures.isEmpty();
    }
}
