package dev.proximity.api.store;

import dev.proximity.api.error.InvalidRequestException;

/**
 * A store address: {@code json:PATH/apps.json}, {@code jdbc:sqlite:PATH/proximity.db},
 * {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}, a dual-write store
 * {@code dual:JSON_URL|DATABASE_URL}, or any {@code scheme:...} a third-party {@link StoreFactory}
 * opens. {@code toString} hides passwords.
 *
 * @param value the URL as given
 */
public record StoreUrl(String value) {

    /** The schemes Proximity's own modules understand, for error messages. */
    public static final String EXPECTED = "json:PATH/apps.json, jdbc:sqlite:PATH/proximity.db, "
            + "jdbc:postgresql://HOST:PORT/DB?user=..&password=.. or dual:JSON_URL|DATABASE_URL";

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*",
            java.util.regex.Pattern.DOTALL);

    /** Requires {@code scheme:...}; a URL of a known kind must also name a location. */
    public StoreUrl {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.of("storeUrl", null, "is required; expected " + EXPECTED);
        }
        value = value.trim();
        if (!SCHEME.matcher(value).matches()) {
            throw InvalidRequestException.of("storeUrl", redact(value), "has no scheme; expected " + EXPECTED);
        }
        Kind kind = kindOf(value);
        if (kind != Kind.OTHER && kind.prefix.length() == value.length()) {
            throw InvalidRequestException.of("storeUrl", redact(value), "names no " + (kind == Kind.POSTGRESQL
                    ? "host and database" : "file") + "; expected " + EXPECTED);
        }
    }

    /**
     * @param text the URL
     * @return the parsed URL
     */
    public static StoreUrl parse(String text) {
        return new StoreUrl(text);
    }

    /** @return which kind of store the URL names; {@link Kind#OTHER} for schemes only third-party factories know */
    public Kind kind() {
        return kindOf(value);
    }

    /** @return the scheme, e.g. {@code json}, {@code jdbc} or {@code dual} */
    public String scheme() {
        return value.substring(0, value.indexOf(':'));
    }

    /** @return the part after the kind's prefix: a file path, the PostgreSQL host/database/parameters, or after {@code scheme:} */
    public String location() {
        Kind kind = kind();
        return value.substring(kind == Kind.OTHER ? value.indexOf(':') + 1 : kind.prefix.length());
    }

    private static Kind kindOf(String text) {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.OTHER && text.startsWith(kind.prefix)) {
                return kind;
            }
        }
        return Kind.OTHER;
    }

    private static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&]*", "$1******");
    }

    /** @return the URL with any password masked */
    @Override
    public String toString() {
        return redact(value);
    }

    /** The kinds of store a URL can name. */
    public enum Kind {
        /**
         * A legacy-compatible {@code apps.json} file.
         */
        JSON("json:"),
        /** An SQLite database file (the embedded default). */
        SQLITE("jdbc:sqlite:"),
        /** A PostgreSQL database, for many processes or hosts. */
        POSTGRESQL("jdbc:postgresql:"),
        /** A dual-write store: a JSON file and a database, during a migration between them. */
        DUAL("dual:"),
        /** Any other scheme, opened by a third-party {@link StoreFactory}. */
        OTHER("");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** @return the URL prefix, e.g. {@code json:} */
        public String prefix() {
            return prefix;
        }
    }
}
