package dev.proximity.api.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request or record failed validation. Holds every field error found, not just the first.
 */
public class InvalidRequestException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> fieldErrors;

    /**
     * @param what what was validated, e.g. "deploy request"
     * @param fieldErrors the errors, at least one
     */
    public InvalidRequestException(String what, List<FieldError> fieldErrors) {
        super("invalid " + what + ": " + fieldErrors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /**
     * A single-field error.
     *
     * @param field the field
     * @param rejected the rejected value
     * @param message what is wrong
     * @return the exception
     */
    public static InvalidRequestException of(String field, Object rejected, String message) {
        return new InvalidRequestException("value", List.of(new FieldError(field, rejected, message)));
    }

    /**
     * @return the field errors, in the order found
     */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
