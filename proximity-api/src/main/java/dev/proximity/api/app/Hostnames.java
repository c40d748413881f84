package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;

import java.util.Locale;

/**
 * The hostname rules: 3 to 63 characters, letters, digits and {@code -}, no leading or trailing
 * {@code -}, stored lower-cased. Legacy data may also hold {@code _}; such names are read but new
 * deploys may not use them.
 */
public final class Hostnames {

    private Hostnames() {
    }

    /**
     * Validates a hostname for a new deploy and returns it lower-cased.
     *
     * @param hostname the hostname
     * @return the lower-cased hostname
     * @throws InvalidRequestException saying which rule was broken
     */
    public static String normalize(String hostname) {
        return check(hostname, false, "letters, digits and '-'");
    }

    /**
     * Validates a hostname read from stored (possibly legacy) data and returns it lower-cased;
     * also accepts {@code _}.
     *
     * @param hostname the hostname
     * @return the lower-cased hostname
     * @throws InvalidRequestException saying which rule was broken
     */
    public static String normalizeStored(String hostname) {
        return check(hostname, true, "letters, digits, '-' and '_'");
    }

    // a loop, not a regular expression: a migration checks a million hostnames
    private static String check(String hostname, boolean underscore, String allowed) {
        if (hostname == null) {
            throw InvalidRequestException.of("hostname", null, "is required");
        }
        String lower = hostname.toLowerCase(Locale.ROOT);
        if (lower.length() < 3 || lower.length() > 63) {
            throw InvalidRequestException.of("hostname", hostname, "must be 3 to 63 characters long");
        }
        if (lower.startsWith("-") || lower.endsWith("-")) {
            throw InvalidRequestException.of("hostname", hostname, "must not start or end with '-'");
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || underscore && c == '_')) {
                throw InvalidRequestException.of("hostname", hostname, "may contain only " + allowed);
            }
        }
        return lower;
    }
}
