package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    /**
     * PostgreSQL builds this many indexes at once, each on a connection of its own: one build is one
     * backend sorting, so a second one uses a second core (a million apps: 12.3 s one by one, 8.7 s two at a time).
     */
    private static final int POSTGRES_BUILDERS = 2;

    private DeferredIndexes() {
    }

    /**
     * Drops the app table's query indexes if the table is empty and none are set aside already.
     *
     * @return how many were set aside
     */
    static int setAside(Transactions transactions, JdbcTarget target) {
        return transactions.write(connection -> sql(target, "set the app table's query indexes aside", () -> {
            lockTable(connection, target.database());
            if (exists(connection, "SELECT 1 FROM app") || exists(connection, "SELECT 1 FROM deferred_index")) {
                return 0;
            }
            Map<String, String> definitions = definitions(connection, target.database());
            try (PreparedStatement remember = connection.prepareStatement("INSERT INTO deferred_index (name, definition) VALUES (?, ?)");
                 Statement drop = connection.createStatement()) {
                for (Map.Entry<String, String> index : definitions.entrySet()) {
                    remember.setString(1, index.getKey());
                    remember.setString(2, index.getValue());
                    remember.executeUpdate();
                    drop.execute("DROP INDEX " + quoted(index.getKey()));
                }
            }
            walCheckpointEvery(connection, target.database(), COPY_CHECKPOINT_PAGES);
            return definitions.size();
        }));
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
     * Builds every index set aside, each in a transaction of its own that also forgets it, so a
     * build cut short keeps the ones done. PostgreSQL builds two at a time on two connections;
     * SQLite has one writer and builds them one by one. Another process rebuilding at the same time
     * takes the indexes this one has not reached.
     *
     * @return how many were built here
     * @throws StoreException when one could not be built; the others already built stay built, the rest stay set aside
     */
    static int rebuild(Transactions transactions, JdbcTarget target) {
        List<String> names = transactions.read(connection -> sql(target, "list the query indexes set aside", () -> names(connection)));
        Queue<String> pending = new ConcurrentLinkedQueue<>(names);
        AtomicInteger built = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable builder = () -> {
            for (String name = pending.poll(); name != null && failure.get() == null; name = pending.poll()) {
                String index = name;
                try {
                    if (transactions.write(connection -> sql(target, "build the query index " + index, () -> build(connection, target.database(), index)))) {
                        built.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    if (!failure.compareAndSet(null, e)) {
                        failure.get().addSuppressed(e);
                    }
                }
            }
        };
        int helpers = target.database() == Database.POSTGRESQL ? Math.min(POSTGRES_BUILDERS, names.size()) - 1 : 0;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < helpers; i++) {
            Thread thread = new Thread(builder, "proximity-index-build-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        builder.run();
        joinAll(threads, target);
        if (failure.get() != null) {
            throw failure.get();
        }
        transactions.write(connection -> sql(target, "end the bulk copy's settings", () -> {
            walCheckpointEvery(connection, target.database(), SQLITE_CHECKPOINT_PAGES);
            return null;
        }));
        return built.get();
    }

    private static void joinAll(List<Thread> threads, JdbcTarget target) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(target + ": interrupted while the query indexes were being built; "
                        + "those not built yet stay set aside and are built at the next open", e);
            }
        }
    }

    /** Builds one index set aside and forgets it, unless another process did so first. */
    private static boolean build(Connection connection, Database database, String name) throws SQLException {
        // PostgreSQL: the row lock makes a second process rebuilding wait here, then find the row gone
        String query = "SELECT definition FROM deferred_index WHERE name = ?" + (database == Database.POSTGRESQL ? " FOR UPDATE" : "");
        String definition;
        try (PreparedStatement find = connection.prepareStatement(query)) {
            find.setString(1, name);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                definition = row.getString(1);
            }
        }
        try (Statement create = connection.createStatement();
             PreparedStatement forget = connection.prepareStatement("DELETE FROM deferred_index WHERE name = ?")) {
            create.execute(definition);
            forget.setString(1, name);
            forget.executeUpdate();
        }
        return true;
    }

    /** @return whether indexes are set aside (a copy under way, or one that died) */
    static boolean anySetAside(Transactions transactions, JdbcTarget target) {
        return transactions.read(connection -> sql(target, "look for query indexes set aside",
                () -> exists(connection, "SELECT 1 FROM deferred_index")));
    }

    private static List<String> names(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT name FROM deferred_index ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
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
                if (!definition.toUpperCase(Locale.ROOT).startsWith("CREATE UNIQUE")) {
                    definitions.put(rows.getString(1), definition);
                }
            }
        }
        return definitions;
    }

    /** PostgreSQL lets writers run at once: two processes must not both set indexes aside. */
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

    /** JDBC work on index bookkeeping. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(JdbcTarget target, String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException(target + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
