package dev.proximity.api.store;

import dev.proximity.api.error.InvalidRequestException;

/**
 * A store address: {@code json:PATH/apps.json}, {@code jdbc:sqlite:PATH/proximity.db} or
 * {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}. {@code toString} hides passwords.
 *
 * @param value the URL as given
 */
public record StoreUrl(String value) {

    /** The schemes Proximity understands, for error messages. */
    public static final String EXPECTED = "json:PATH/apps.json, jdbc:sqlite:PATH/proximity.db or "
            + "jdbc:postgresql://HOST:PORT/DB?user=..&password=..";

    /** Rejects anything that is not one of the three forms. */
    public StoreUrl {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.of("storeUrl", null, "is required; expected " + EXPECTED);
        }
        value = value.trim();
        Kind kind = kindOf(value);
        if (kind == null) {
            String scheme = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
            throw InvalidRequestException.of("storeUrl", redact(value),
                    "has unknown scheme '" + scheme + "'; expected " + EXPECTED);
        }
        if (kind.prefix.length() == value.length()) {
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

    /** @return which kind of store the URL names */
    public Kind kind() {
        return kindOf(value);
    }

    /** @return the part after the scheme: a file path, or the PostgreSQL host/database/parameters */
    public String location() {
        return value.substring(kind().prefix.length());
    }

    private static Kind kindOf(String text) {
        for (Kind kind : Kind.values()) {
            if (text.startsWith(kind.prefix)) {
                return kind;
            }
        }
        return null;
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
        POSTGRESQL("jdbc:postgresql:");

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
