package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.store.UpsertResult;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Copies apps verbatim (version and timestamps as given) with plain JDBC inside the store's own
 * transaction: a migration's batches and a dual-write store's mirrored writes. One query finds which
 * apps exist and how new they are, one finds rows holding their unique values, then one batched
 * INSERT and one batched UPDATE write them; Hibernate's per-row statements would cost several times as much.
 * While batches keep turning out all new ({@link InsertFirst}), a batch is inserted outright first
 * and looked up only if a constraint refuses it.
 */
final class AppBulkWriter {

    private static final List<String> COLUMNS = List.of("catalog_id", "name", "hostname", "status", "url", "vmid", "node",
            "public_port", "internal_port", "config_json", "ports_json", "volumes_json", "environment_json", "owner_id",
            "created_at_ms", "updated_at_ms", "state_changed_at_ms", "search_text", "version");

    private static final int STATEMENTS_PER_RUN = 256;

    private final SessionContext context;
    private final AppRows rows;
    private final InsertFirst insertFirst;

    AppBulkWriter(SessionContext context, AppRows rows, InsertFirst insertFirst) {
        this.context = context;
        this.rows = rows;
        this.insertFirst = insertFirst;
    }

    /**
     * The same outcome as {@code upsertIfNewer} on each app in turn (later apps of the batch see
     * earlier ones), in a few statements.
     *
     * @param apps apps as the source holds them
     * @return one result per app, in order
     */
    List<UpsertResult> upsertAll(List<App> apps) {
        if (apps.isEmpty()) {
            return List.of();
        }
        Connection connection = context.connection();
        try {
            if (insertFirst.worthTrying() && insertedAsNew(connection, apps)) {
                return apps.stream().map(app -> new UpsertResult(app.id(), UpsertOutcome.CREATED, null)).toList();
            }
            Map<String, Stored> stored = new HashMap<>();
            Map<String, String> holders = holdersOf(connection, apps, stored);
            Map<String, List<String>> claimsOf = new HashMap<>();
            holders.forEach((claim, holder) -> claimsOf.computeIfAbsent(holder, id -> new ArrayList<>()).add(claim));
            Map<String, App> pending = new LinkedHashMap<>();
            List<UpsertResult> results = new ArrayList<>(apps.size());
            for (App app : apps) {
                Stored current = stored.get(app.id());
                if (current != null && !isNewer(app.updatedAt(), current.updatedAtMs)) {
                    results.add(new UpsertResult(app.id(), UpsertOutcome.SKIPPED, null));
                    continue;
                }
                String conflict = conflictOf(app, holders);
                if (conflict != null) {
                    results.add(new UpsertResult(app.id(), UpsertOutcome.REJECTED, conflict));
                    continue;
                }
                for (String released : claimsOf.getOrDefault(app.id(), List.of())) {
                    holders.remove(released, app.id());
                }
                List<String> claimed = claims(app);
                claimed.forEach(claim -> holders.put(claim, app.id()));
                claimsOf.put(app.id(), claimed);
                results.add(new UpsertResult(app.id(), current == null ? UpsertOutcome.CREATED : UpsertOutcome.UPDATED, null));
                stored.put(app.id(), new Stored(current != null && current.inDatabase, Instants.toMillis(app.updatedAt())));
                pending.put(app.id(), app);
            }
            List<App> inserts = new ArrayList<>();
            List<App> updates = new ArrayList<>();
            pending.values().forEach(app -> (stored.get(app.id()).inDatabase ? updates : inserts).add(app));
            writeBatches(connection, inserts, updates);
            insertFirst.learn(inserts.size() == apps.size());
            return results;
        } catch (SQLException e) {
            throw context.failure("copy " + apps.size() + " apps", e);
        } catch (WrappedSql e) {
            // a writer in another transaction took a unique value after the check: nothing of the batch was kept
            throw context.failure("copy " + apps.size() + " apps", (SQLException) e.getCause());
        }
    }

    /**
     * Inserts every app as a new row behind a savepoint. When a constraint refuses one (an id or a
     * unique value the table or the batch already holds), nothing of it is kept and the caller
     * takes the careful way; when none does, each app was created, exactly what the careful way
     * would have found and done.
     *
     * @return whether every app was inserted
     */
    private boolean insertedAsNew(Connection connection, List<App> apps) throws SQLException {
        // in SQL: the driver's setSavepoint() would turn SQLite's auto-commit off under the explicit BEGIN
        TransactionSupport.execute(connection, "SAVEPOINT insert_first");
        try {
            insert(connection, new ArrayList<>(apps));
        } catch (SQLException refused) {
            if (!UniqueViolations.isConstraintViolation(refused)) {
                throw refused;
            }
            TransactionSupport.execute(connection, "ROLLBACK TO SAVEPOINT insert_first");
            TransactionSupport.execute(connection, "RELEASE SAVEPOINT insert_first");
            return false;
        }
        TransactionSupport.execute(connection, "RELEASE SAVEPOINT insert_first");
        return true;
    }

    /** What the database (or an earlier app of the batch) holds for an id. */
    private record Stored(boolean inDatabase, Long updatedAtMs) {
    }

    private void writeBatches(Connection connection, List<App> inserts, List<App> updates) {
        context.fenced(() -> {
            try {
                write(connection, updateSql(), updates);
                insert(connection, inserts);
                return null;
            } catch (SQLException e) {
                throw new WrappedSql(e);
            }
        });
    }

    /** New rows, sorted by id in place: in key order, each index page is visited once per batch, not once per row. */
    private void insert(Connection connection, List<App> inserts) throws SQLException {
        inserts.sort(Comparator.comparing(App::id));
        if (context.database() == Database.POSTGRESQL) {
            copyIn(connection, inserts);
        } else {
            write(connection, insertSql(), inserts);
        }
    }

    /**
     * Inserts or replaces one app exactly as given.
     *
     * @param app the app
     * @throws AlreadyExistsException when a unique value belongs to another app
     */
    void putVerbatim(App app) {
        Connection connection = context.connection();
        try {
            context.fenced(() -> {
                try {
                    List<App> one = List.of(app);
                    if (write(connection, updateSql(), one)[0] == 0) {
                        write(connection, insertSql(), one);
                    }
                    return null;
                } catch (SQLException e) {
                    throw new WrappedSql(e);
                }
            });
        } catch (WrappedSql wrapped) {
            throw UniqueViolations.forApp(app, null, wrapped.getCause()).orElseThrow(
                    () -> context.failure("write app '" + app.id() + "'", (SQLException) wrapped.getCause()));
        }
    }

    /** Carries a checked exception out of a fenced statement. */
    private static final class WrappedSql extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrappedSql(SQLException cause) {
            super(cause);
        }
    }

    private static boolean isNewer(Instant incoming, Long storedMs) {
        return incoming != null && (storedMs == null || incoming.toEpochMilli() > storedMs);
    }

    /**
     * Who holds each unique value (hostname, vmid, ports) that an app of the batch claims, or that the
     * batch's apps hold now; and, into {@code stored}, which of the batch's apps exist and how new they are.
     */
    private Map<String, String> holdersOf(Connection connection, List<App> apps, Map<String, Stored> stored) throws SQLException {
        List<String> ids = apps.stream().map(App::id).distinct().toList();
        List<String> hostnames = apps.stream().map(App::hostname).distinct().toList();
        java.util.Set<Integer> distinct = new java.util.LinkedHashSet<>();
        for (App app : apps) {
            for (Integer value : new Integer[] {app.vmid(), app.publicPort(), app.internalPort()}) {
                if (value != null) {
                    distinct.add(value);
                }
            }
        }
        List<Integer> numbers = new ArrayList<>(distinct);
        Map<String, String> holders = new HashMap<>();
        // one indexed lookup per column: SQLite plans an OR of long IN lists as a scan of the table
        collectHolders(connection, "id", ids, holders, stored);
        collectHolders(connection, "hostname", hostnames, holders, null);
        for (String column : List.of("vmid", "public_port", "internal_port")) {
            collectHolders(connection, column, numbers, holders, null);
        }
        return holders;
    }

    private void collectHolders(Connection connection, String column, List<?> values, Map<String, String> holders,
                                Map<String, Stored> stored) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        boolean postgres = context.database() == Database.POSTGRESQL;
        // PostgreSQL parses and plans thousands of placeholders slowly; one array parameter is one value
        String sql = "SELECT id, hostname, vmid, public_port, internal_port, updated_at_ms FROM app WHERE " + column
                + (postgres ? " = ANY (?)" : " IN (" + marks(values.size()) + ")");
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (postgres) {
                boolean numbers = values.get(0) instanceof Integer;
                query.setArray(1, connection.createArrayOf(numbers ? "integer" : "text", values.toArray()));
            } else {
                for (int i = 0; i < values.size(); i++) {
                    query.setObject(i + 1, values.get(i));
                }
            }
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String holder = result.getString(1);
                    holders.put("hostname:" + result.getString(2), holder);
                    putNumber(holders, "vmid:", result, 3, holder);
                    putNumber(holders, "publicPort:", result, 4, holder);
                    putNumber(holders, "internalPort:", result, 5, holder);
                    if (stored != null) {
                        long updated = result.getLong(6);
                        stored.put(holder, new Stored(true, result.wasNull() ? null : updated));
                    }
                }
            }
        }
    }

    private static void putNumber(Map<String, String> holders, String prefix, ResultSet result, int column, String holder)
            throws SQLException {
        int value = result.getInt(column);
        if (!result.wasNull()) {
            holders.put(prefix + value, holder);
        }
    }

    /** @return which of the app's unique values another app holds, described; or null */
    private static String conflictOf(App app, Map<String, String> holders) {
        for (String claim : claims(app)) {
            String holder = holders.get(claim);
            if (holder != null && !holder.equals(app.id())) {
                int colon = claim.indexOf(':');
                return "app with " + claim.substring(0, colon) + " '" + claim.substring(colon + 1) + "' already exists: app '"
                        + holder + "' holds it";
            }
        }
        return null;
    }

    /** @return the app's unique values as keys of the holders map, e.g. {@code hostname:web}, {@code vmid:101} */
    private static List<String> claims(App app) {
        List<String> claims = new ArrayList<>(4);
        claims.add("hostname:" + app.hostname());
        if (app.vmid() != null) {
            claims.add("vmid:" + app.vmid());
        }
        if (app.publicPort() != null) {
            claims.add("publicPort:" + app.publicPort());
        }
        if (app.internalPort() != null) {
            claims.add("internalPort:" + app.internalPort());
        }
        return claims;
    }

    private String insertSql() {
        StringBuilder values = new StringBuilder();
        for (String column : COLUMNS) {
            values.append(value(column)).append(", ");
        }
        return "INSERT INTO app (" + String.join(", ", COLUMNS) + ", id) VALUES (" + values + "?)";
    }

    private String updateSql() {
        StringBuilder set = new StringBuilder();
        for (String column : COLUMNS) {
            set.append(set.length() == 0 ? "" : ", ").append(column).append(" = ").append(value(column));
        }
        return "UPDATE app SET " + set + " WHERE id = ?";
    }

    /** JSON documents are jsonb on PostgreSQL, which takes text only through a cast. */
    private String value(String column) {
        return column.endsWith("_json") && context.database() == Database.POSTGRESQL ? "CAST(? AS jsonb)" : "?";
    }

    private int[] write(Connection connection, String sql, List<App> apps) throws SQLException {
        if (apps.isEmpty()) {
            return new int[0];
        }
        int[] counts = new int[apps.size()];
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            int done = 0;
            for (App app : apps) {
                bind(write, rowOf(app));
                write.addBatch();
                // the driver keeps every bound value until it runs the batch: run it often, so a
                // batch of thousands of apps does not hold all their rows in memory at once
                if (++done % STATEMENTS_PER_RUN == 0 || done == apps.size()) {
                    int[] ran = write.executeBatch();
                    System.arraycopy(ran, 0, counts, done - ran.length, ran.length);
                }
            }
        }
        return counts;
    }

    /**
     * New rows into PostgreSQL through {@code COPY}: one stream parsed by the server in one go,
     * several times faster than even multi-row INSERTs. A unique value taken meanwhile fails it
     * whole, as it would a batch.
     */
    private void copyIn(Connection connection, List<App> apps) throws SQLException {
        if (apps.isEmpty()) {
            return;
        }
        CopyText text = new CopyText();
        for (App app : apps) {
            values(rowOf(app), (value, sqlType) -> text.column(value));
            text.endRow();
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY app (" + String.join(", ", COLUMNS) + ", id) FROM STDIN", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into app failed: " + e.getMessage(), e);
        }
    }

    /** @return the app's row as copied: its own version, except that an app never stored anywhere (version 0) counts as stored once */
    private AppEntity rowOf(App app) {
        return rows.toRow(app, Math.max(1, app.version()));
    }

    private static void bind(PreparedStatement statement, AppEntity row) throws SQLException {
        int[] index = {1};
        values(row, (value, sqlType) -> {
            if (value == null) {
                statement.setNull(index[0]++, sqlType);
            } else {
                statement.setObject(index[0]++, value, sqlType);
            }
        });
    }

    /** Takes a row's values one by one, each with its SQL type. */
    @FunctionalInterface
    private interface ValueSink {
        void value(Object value, int sqlType) throws SQLException;
    }

    /** A row's values in {@link #COLUMNS} order, then the id: the one place that order is written down. */
    private static void values(AppEntity row, ValueSink sink) throws SQLException {
        sink.value(row.catalogId, Types.VARCHAR);
        sink.value(row.name, Types.VARCHAR);
        sink.value(row.hostname, Types.VARCHAR);
        sink.value(row.status, Types.VARCHAR);
        sink.value(row.url, Types.VARCHAR);
        sink.value(row.vmid, Types.INTEGER);
        sink.value(row.node, Types.VARCHAR);
        sink.value(row.publicPort, Types.INTEGER);
        sink.value(row.internalPort, Types.INTEGER);
        sink.value(row.configJson, Types.VARCHAR);
        sink.value(row.portsJson, Types.VARCHAR);
        sink.value(row.volumesJson, Types.VARCHAR);
        sink.value(row.environmentJson, Types.VARCHAR);
        sink.value(row.ownerId, Types.VARCHAR);
        sink.value(row.createdAtMs, Types.BIGINT);
        sink.value(row.updatedAtMs, Types.BIGINT);
        sink.value(row.stateChangedAtMs, Types.BIGINT);
        sink.value(row.searchText, Types.VARCHAR);
        sink.value(row.version, Types.BIGINT);
        sink.value(Objects.requireNonNull(row.id), Types.VARCHAR);
    }

    private static String marks(int count) {
        return "?, ".repeat(count - 1) + "?";
    }
}
