package dev.proximity.api.migration;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * A record-by-record comparison of the two stores.
 *
 * @param compared records compared
 * @param missingInTarget ids in the source only
 * @param missingInSource ids in the target only
 * @param different records present in both that differ
 */
public record VerifyReport(long compared, List<String> missingInTarget, List<String> missingInSource,
                           List<Difference> different) {

    /** Copies the lists. */
    public VerifyReport {
        missingInTarget = Validation.copyOf(missingInTarget);
        missingInSource = Validation.copyOf(missingInSource);
        different = Validation.copyOf(different);
    }

    /** @return whether both stores hold the same records */
    public boolean isConsistent() {
        return missingInTarget.isEmpty() && missingInSource.isEmpty() && different.isEmpty();
    }

    /**
     * One record that differs.
     *
     * @param id the record id
     * @param fields the names of the differing fields
     */
    public record Difference(String id, List<String> fields) {
        /** Copies the fields. */
        public Difference {
            fields = Validation.copyOf(fields);
        }
    }
}
