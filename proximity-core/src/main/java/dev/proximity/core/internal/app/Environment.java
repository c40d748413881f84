package dev.proximity.core.internal.app;

import dev.proximity.api.Validation;
import dev.proximity.api.catalog.CatalogEntry;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An app's environment: the catalog's defaults, then the request's values. A default the catalog
 * leaves empty (e.g. {@code DB_PASSWORD: ""}) is a secret the app needs: unless the request gives
 * it, a random one is generated, so no app ever starts with an empty password.
 */
final class Environment {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final int GENERATED_LENGTH = 24;

    private Environment() {
    }

    /**
     * @param entry the catalog entry
     * @param overrides the request's values
     * @return the merged environment, in catalog order then new names
     * @throws dev.proximity.api.error.InvalidRequestException naming every bad variable
     */
    static Map<String, String> merge(CatalogEntry entry, Map<String, String> overrides) {
        Validation.Errors errors = Validation.errors();
        overrides.forEach((name, value) -> errors
                .check(name == null || !NAME.matcher(name).matches(), "environment", name,
                        "names a variable that is not a valid name (letters, digits, '_', not starting with a digit)")
                .check(value == null, "environment." + name, null, "must not be null")
                .check(value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0),
                        "environment." + name, null, "must not contain line breaks or NUL characters"));
        errors.throwIfAny("deploy request");
        Map<String, String> merged = new LinkedHashMap<>(entry.environment());
        merged.putAll(overrides);
        merged.replaceAll((name, value) -> value == null || value.isEmpty() ? generatedSecret() : value);
        return merged;
    }

    private static String generatedSecret() {
        char[] secret = new char[GENERATED_LENGTH];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(secret);
    }

    /**
     * The {@code .env} file Docker Compose reads for interpolation. Values are single-quoted (taken
     * literally); a value holding a single quote is double-quoted with {@code \}, {@code "} and
     * {@code $} escaped, so nothing in it is expanded.
     *
     * @param environment the variables
     * @return the file's text
     */
    static String envFile(Map<String, String> environment) {
        StringBuilder text = new StringBuilder("# written by Proximity; the app's variables\n");
        environment.forEach((name, value) -> {
            text.append(name).append('=');
            if (value.indexOf('\'') < 0) {
                text.append('\'').append(value).append('\'');
            } else {
                text.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")).append('"');
            }
            text.append('\n');
        });
        return text.toString();
    }
}
