package dev.proximity.api.store;

import dev.proximity.api.Validation;

/**
 * A stored record that could not be read, or was read with a loss worth reporting.
 *
 * @param source the file or table
 * @param position zero-based position of the record in the source
 * @param id the record id, or null when it has none
 * @param severity whether the record was skipped (ERROR) or read with a caveat (WARNING)
 * @param reason what is wrong, naming the field and value
 */
public record RecordProblem(String source, int position, String id, Severity severity, String reason) {

    /** Requires source, severity and reason. */
    public RecordProblem {
        Validation.requiredText(source, "source");
        Validation.required(severity, "severity");
        Validation.requiredText(reason, "reason");
    }

    /** How bad a record problem is. */
    public enum Severity {
        /** Read, with a caveat (e.g. an unparsable timestamp read as unknown). */
        WARNING,
        /** Not read; kept in the source untouched. */
        ERROR
    }

    @Override
    public String toString() {
        return severity + " " + source + " record #" + position + (id == null ? "" : " (id '" + id + "')") + ": " + reason;
    }
}
