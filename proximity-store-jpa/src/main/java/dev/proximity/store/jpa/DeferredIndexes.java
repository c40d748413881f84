package dev.proximity.store.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app table's query indexes set aside while a bulk copy fills the empty table, and built again
 * once it ends: building an index over a full table is one sort, while keeping eight indexes up to
 * date row by row costs most of a copy. The statements that recreate them are read from the
 * database itself (the indexes Flyway made, as they are) and kept in {@code deferred_index} in the
 * transaction that drops them, so a crash mid-copy loses nothing: the next open rebuilds them.
 * Unique constraints are never set aside.
 */
final class DeferredIndexes {

    /** Held by the process copying, so a store opened meanwhile leaves the indexes to it. */
    static final String COPY_LOCK = "proximity.bulk-copy";

    private static final int COPY_CHECKPOINT_PAGES = 16_384;
    private static final int SQLITE_CHECKPOINT_PAGES = 1_000;

    private DeferredIndexes() {
    }

    /**
     * Drops the app table's query indexes if the table is empty and none are set aside already.
     *
     * @return how many were set aside
     */
    static int setAside(Connection connection, Database database) throws SQLException {
        lockTable(connection, database);
        if (exists(connection, "SELECT 1 FROM app") || exists(connection, "SELECT 1 FROM deferred_index")) {
            return 0;
        }
        Map<String, String> definitions = definitions(connection, database);
        try (PreparedStatement remember = connection.prepareStatement("INSERT INTO deferred_index (name, definition) VALUES (?, ?)");
             Statement drop = connection.createStatement()) {
            for (Map.Entry<String, String> index : definitions.entrySet()) {
                remember.setString(1, index.getKey());
                remember.setString(2, index.getValue());
                remember.executeUpdate();
                drop.execute("DROP INDEX " + quoted(index.getKey()));
            }
        }
        walCheckpointEvery(connection, database, COPY_CHECKPOINT_PAGES);
        return definitions.size();
    }

    /**
     * SQLite copies the write-ahead log into the database once it passes 1,000 pages, which a batch
     * of thousands of apps does every commit; while a copy runs it waits for 64 MB, so a page
     * written by several batches is copied once. Per connection, never stored in the file.
     */
    private static void walCheckpointEvery(Connection connection, Database database, int pages) throws SQLException {
        if (database == Database.SQLITE) {
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA wal_autocheckpoint = " + pages);
            }
        }
    }

    /**
     * Builds every index set aside and forgets it.
     *
     * @return how many were built
     */
    static int rebuild(Connection connection, Database database) throws SQLException {
        lockTable(connection, database);
        Map<String, String> deferred = new LinkedHashMap<>();
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT name, definition FROM deferred_index ORDER BY name")) {
            while (rows.next()) {
                deferred.put(rows.getString(1), rows.getString(2));
            }
        }
        try (Statement build = connection.createStatement()) {
            for (String definition : deferred.values()) {
                build.execute(definition);
            }
            build.executeUpdate("DELETE FROM deferred_index");
        }
        walCheckpointEvery(connection, database, SQLITE_CHECKPOINT_PAGES);
        return deferred.size();
    }

    /** @return whether indexes are set aside (a copy under way, or one that died) */
    static boolean anySetAside(Connection connection) throws SQLException {
        return exists(connection, "SELECT 1 FROM deferred_index");
    }

    /** Non-unique indexes of the app table, by name, with the statement that creates each. */
    private static Map<String, String> definitions(Connection connection, Database database) throws SQLException {
        String sql = database == Database.SQLITE
                // constraints' own indexes have no SQL: only indexes made by CREATE INDEX are listed
                ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app' AND sql IS NOT NULL ORDER BY name"
                : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'app' ORDER BY indexname";
        Map<String, String> definitions = new LinkedHashMap<>();
        try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            while (rows.next()) {
                String definition = rows.getString(2);
                if (!definition.toUpperCase(java.util.Locale.ROOT).startsWith("CREATE UNIQUE")) {
                    definitions.put(rows.getString(1), definition);
                }
            }
        }
        return definitions;
    }

    /** PostgreSQL lets writers run at once: two processes must not both set aside or rebuild. */
    private static void lockTable(Connection connection, Database database) throws SQLException {
        if (database == Database.POSTGRESQL) {
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE deferred_index IN EXCLUSIVE MODE");
            }
        }
    }

    private static boolean exists(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query + " LIMIT 1")) {
            return rows.next();
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
