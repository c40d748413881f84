package dev.proximity.api.error;

/**
 * One invalid field of a request or record.
 *
 * @param field the field name, e.g. {@code hostname}
 * @param rejectedValue the value that was refused (may be null)
 * @param message what is wrong with it
 */
public record FieldError(String field, Object rejectedValue, String message) {
    /** Requires a field and a message. */
    public FieldError {
        if (field == null || message == null) {
            throw new IllegalArgumentException("field and message are required");
        }
    }

    @Override
    public String toString() {
        return field + " " + message + (rejectedValue == null ? "" : " (was '" + rejectedValue + "')");
    }
}
