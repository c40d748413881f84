package dev.proximity.api;

import dev.proximity.api.error.FieldError;
import dev.proximity.api.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument checks shared by the API's records. Every failure is an {@link InvalidRequestException}
 * naming the field, so callers see which value was wrong and why.
 */
public final class Validation {

    private Validation() {
    }

    /**
     * Requires a non-null value.
     *
     * @param value the value
     * @param field the field name used in the error
     * @param <T> the value type
     * @return the value
     */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw InvalidRequestException.of(field, null, "is required");
        }
        return value;
    }

    /**
     * Requires a string with at least one non-whitespace character.
     *
     * @param value the value
     * @param field the field name used in the error
     * @return the value
     */
    public static String requiredText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.of(field, value, "must not be blank");
        }
        return value;
    }

    /**
     * Requires {@code min <= value <= max}.
     *
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param field the field name used in the error
     * @return the value
     */
    public static long inRange(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw InvalidRequestException.of(field, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * An unmodifiable copy of a list that may hold nulls; null becomes the empty list.
     *
     * @param list the list or null
     * @param <T> the element type
     * @return an unmodifiable copy
     */
    public static <T> List<T> copyOf(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /**
     * An unmodifiable, order-preserving copy of a map that may hold null values (JSON documents do);
     * null becomes the empty map.
     *
     * @param map the map or null
     * @param <K> the key type
     * @param <V> the value type
     * @return an unmodifiable copy
     */
    public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * @return an empty collector of field errors
     */
    public static Errors errors() {
        return new Errors();
    }

    /**
     * Collects field errors and throws them together, so a caller fixes a request in one round.
     */
    public static final class Errors {
        private final List<FieldError> errors = new ArrayList<>();

        private Errors() {
        }

        /**
         * Records an error when {@code failed} is true.
         *
         * @param failed whether the check failed
         * @param field the field
         * @param rejected the rejected value
         * @param message what is wrong
         * @return this
         */
        public Errors check(boolean failed, String field, Object rejected, String message) {
            if (failed) {
                errors.add(new FieldError(field, rejected, message));
            }
            return this;
        }

        /**
         * Throws an {@link InvalidRequestException} holding every recorded error, if any.
         *
         * @param what what was being validated, for the message (e.g. "deploy request")
         */
        public void throwIfAny(String what) {
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(what, errors);
            }
        }
    }
}
