package dev.proximity.store.jpa;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreUrl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a JPA store lives, split out of a store URL: the JDBC URL without credentials, and the
 * credentials apart (user, password and any other {@code *password*} parameter), so secrets reach
 * only the driver and never a URL that a pool or a log might print. {@link #toString()} shows none.
 *
 * @param database SQLite or PostgreSQL
 * @param jdbcUrl the JDBC URL without credentials
 * @param credentials driver properties taken out of the URL (e.g. {@code user}, {@code password})
 * @param location where the store is, for descriptors and messages (a file path or {@code //host:port/db})
 */
record JdbcTarget(Database database, String jdbcUrl, Map<String, String> credentials, String location) {

    /** Copies the credentials. */
    JdbcTarget {
        credentials = Map.copyOf(credentials);
    }

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    private static final String EXPECTED = "jdbc:sqlite:PATH/proximity.db or jdbc:postgresql://HOST:PORT/DB?user=..&password=..";

    /**
     * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} store URL
     * @return the parsed target
     * @throws InvalidRequestException when the URL names another scheme or no file/database
     */
    static JdbcTarget of(StoreUrl url) {
        return switch (url.kind()) {
            case SQLITE -> sqlite(url);
            case POSTGRESQL -> postgresql(url);
            case JSON, DUAL, OTHER -> throw InvalidRequestException.of("storeUrl", url,
                    "is not a database URL; the JPA store expects " + EXPECTED);
        };
    }

    private static JdbcTarget sqlite(StoreUrl url) {
        String rest = url.value().substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isBlank() || file.contains(":memory:") || file.contains("mode=memory")) {
            throw InvalidRequestException.of("storeUrl", url,
                    "must name a database file; an in-memory SQLite database cannot be shared by the store's connections; expected "
                            + EXPECTED);
        }
        String location = Path.of(file).toAbsolutePath().normalize().toString();
        return new JdbcTarget(Database.SQLITE, url.value(), Map.of(), location);
    }

    private static JdbcTarget postgresql(StoreUrl url) {
        String rest = url.value().substring(POSTGRESQL_PREFIX.length());
        if (!rest.startsWith("//")) {
            throw InvalidRequestException.of("storeUrl", url, "must name a host and database; expected " + EXPECTED);
        }
        int query = rest.indexOf('?');
        String hostAndDatabase = query < 0 ? rest : rest.substring(0, query);
        Map<String, String> credentials = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("user") || lower.contains("password")) {
                    credentials.put(name, value);
                } else {
                    kept.add(parameter);
                }
            }
        }
        if (hostAndDatabase.length() <= 2 || hostAndDatabase.indexOf('/', 2) < 0) {
            throw InvalidRequestException.of("storeUrl", url, "must name a host and a database; expected " + EXPECTED);
        }
        String jdbcUrl = POSTGRESQL_PREFIX + hostAndDatabase + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new JdbcTarget(Database.POSTGRESQL, jdbcUrl, credentials, hostAndDatabase);
    }

    /** @return kind and location, without credentials */
    StoreDescriptor descriptor() {
        return new StoreDescriptor(database.kind(), location);
    }

    /** @return the database user named by the URL, or null */
    String user() {
        return credentials.get("user");
    }

    /** @return kind and location; never credentials */
    @Override
    public String toString() {
        return database.kind() + ":" + location;
    }
}
