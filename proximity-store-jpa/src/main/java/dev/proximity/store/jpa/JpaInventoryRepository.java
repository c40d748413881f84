package dev.proximity.store.jpa;

import dev.proximity.api.app.Page;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.store.InventoryRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The inventory in tables {@code inventory_resource} and {@code inventory_change}, in plain JDBC:
 * each row a JSON document plus the columns listings filter on; writes go in JDBC batches, so a
 * first sync of ten thousand guests is a few round trips.
 */
final class JpaInventoryRepository implements InventoryRepository {

    private static final int BATCH = 1000;

    private final SessionContext context;
    private final InventoryDocuments documents;
    private final String json;

    JpaInventoryRepository(SessionContext context, InventoryDocuments documents) {
        this.context = context;
        this.documents = documents;
        this.json = context.database() == Database.POSTGRESQL ? "CAST(? AS jsonb)" : "?";
    }

    @Override
    public List<InventoryResource> all() {
        return context.jdbc("list the inventory", "SELECT document FROM inventory_resource ORDER BY id",
                statement -> resources(statement, "inventory_resource"));
    }

    @Override
    public Optional<InventoryResource> find(String id) {
        return context.jdbc("read inventory resource " + id, "SELECT document FROM inventory_resource WHERE id = ?", statement -> {
            statement.setString(1, id);
            return resources(statement, "inventory_resource " + id).stream().findFirst();
        });
    }

    @Override
    public Page<InventoryResource> find(InventoryQuery query) {
        Filter filter = new Filter();
        if (!query.types().isEmpty()) {
            filter.in("type", query.types().stream().map(ResourceType::name).toList());
        }
        filter.equal("node", query.node()).equal("status", query.status());
        if (query.tag() != null) {
            filter.add("tags LIKE ? ESCAPE '\\'", "%;" + query.tag().replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + ";%");
        }
        long total = filter.count("inventory_resource", "count the inventory");
        List<InventoryResource> items = context.jdbc("list the inventory", "SELECT document FROM inventory_resource"
                + filter.where() + " ORDER BY id LIMIT ? OFFSET ?", statement -> {
            int next = filter.bind(statement);
            statement.setInt(next, query.size());
            statement.setLong(next + 1, (long) query.page() * query.size());
            return resources(statement, "inventory_resource");
        });
        return new Page<>(items, query.page(), query.size(), total);
    }

    @Override
    public void putAll(Collection<InventoryResource> resources) {
        String action = "write " + resources.size() + " inventory resource(s)";
        context.requireWritable(action);
        batched(action, "INSERT INTO inventory_resource (id, type, node, status, tags, changed_at_ms, document) VALUES "
                + "(?, ?, ?, ?, ?, ?, " + json + ") ON CONFLICT (id) DO UPDATE SET type = excluded.type, node = excluded.node, "
                + "status = excluded.status, tags = excluded.tags, changed_at_ms = excluded.changed_at_ms, "
                + "document = excluded.document", resources, (statement, resource) -> {
            statement.setString(1, resource.id());
            statement.setString(2, resource.type().name());
            statement.setString(3, resource.node());
            statement.setString(4, resource.observed().status());
            statement.setString(5, ";" + String.join(";", resource.observed().tags()) + ";");
            statement.setLong(6, resource.changedAt().toEpochMilli());
            statement.setString(7, documents.write(resource));
        });
    }

    @Override
    public int deleteAll(Collection<String> ids) {
        String action = "delete " + ids.size() + " inventory resource(s)";
        context.requireWritable(action);
        return batched(action, "DELETE FROM inventory_resource WHERE id = ?", new LinkedHashSet<>(ids),
                (statement, id) -> statement.setString(1, id));
    }

    @Override
    public void appendAll(Collection<StateChange> snapshots) {
        String action = "write " + snapshots.size() + " inventory snapshot(s)";
        context.requireWritable(action);
        batched(action, "INSERT INTO inventory_change (id, resource_id, change_type, at_ms, document) VALUES (?, ?, ?, ?, "
                + json + ") ON CONFLICT (id) DO UPDATE SET resource_id = excluded.resource_id, change_type = excluded.change_type, "
                + "at_ms = excluded.at_ms, document = excluded.document", snapshots, (statement, snapshot) -> {
            statement.setString(1, snapshot.id());
            statement.setString(2, snapshot.resourceId());
            statement.setString(3, snapshot.change().name());
            statement.setLong(4, snapshot.at().toEpochMilli());
            statement.setString(5, documents.write(snapshot.resource()));
        });
    }

    @Override
    public Optional<StateChange> snapshot(String id) {
        return context.jdbc("read inventory snapshot " + id, "SELECT id, change_type, at_ms, document FROM inventory_change "
                + "WHERE id = ?", statement -> {
            statement.setString(1, id);
            return snapshots(statement).stream().findFirst();
        });
    }

    @Override
    public Page<StateChange> history(HistoryQuery query) {
        Filter filter = new Filter().equal("resource_id", query.resourceId());
        if (query.from() != null) {
            filter.add("at_ms >= ?", query.from().toEpochMilli());
        }
        if (query.to() != null) {
            filter.add("at_ms < ?", query.to().toEpochMilli());
        }
        if (!query.changes().isEmpty()) {
            filter.in("change_type", query.changes().stream().map(ChangeType::name).toList());
        }
        long total = filter.count("inventory_change", "count inventory snapshots");
        List<StateChange> items = context.jdbc("list inventory snapshots", "SELECT id, change_type, at_ms, document "
                + "FROM inventory_change" + filter.where() + " ORDER BY id LIMIT ? OFFSET ?", statement -> {
            int next = filter.bind(statement);
            statement.setInt(next, query.size());
            statement.setLong(next + 1, (long) query.page() * query.size());
            return snapshots(statement);
        });
        return new Page<>(items, query.page(), query.size(), total);
    }

    @Override
    public List<StateChange> snapshotsAfter(String afterId, int limit) {
        return context.jdbc("list inventory snapshots", "SELECT id, change_type, at_ms, document FROM inventory_change "
                + "WHERE id > ? ORDER BY id LIMIT ?", statement -> {
            statement.setString(1, afterId == null ? "" : afterId);
            statement.setInt(2, limit);
            return snapshots(statement);
        });
    }

    @Override
    public int deleteSnapshotsBefore(Instant before) {
        String action = "delete inventory snapshots before " + before;
        context.requireWritable(action);
        return context.jdbc(action, "DELETE FROM inventory_change WHERE at_ms < ?", statement -> {
            statement.setLong(1, before.toEpochMilli());
            return statement.executeUpdate();
        });
    }

    private List<InventoryResource> resources(PreparedStatement statement, String where) throws SQLException {
        List<InventoryResource> list = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                list.add(documents.read(rows.getString(1), where));
            }
        }
        return list;
    }

    private List<StateChange> snapshots(PreparedStatement statement) throws SQLException {
        List<StateChange> list = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                list.add(new StateChange(id, ChangeType.valueOf(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)),
                        documents.read(rows.getString(4), "inventory_change " + id)));
            }
        }
        return list;
    }

    private <T> int batched(String action, String sql, Collection<T> items, Binder<T> binder) {
        if (items.isEmpty()) {
            return 0;
        }
        return context.jdbc(action, sql, statement -> {
            int changed = 0;
            int pending = 0;
            for (T item : items) {
                binder.bind(statement, item);
                statement.addBatch();
                if (++pending == BATCH) {
                    changed += sum(statement.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                changed += sum(statement.executeBatch());
            }
            return changed;
        });
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += Math.max(count, 0);
        }
        return total;
    }

    private interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /** A WHERE clause built from the filters a query sets, with its parameters in order. */
    private final class Filter {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Filter add(String condition, Object parameter) {
            conditions.add(condition);
            parameters.add(parameter);
            return this;
        }

        Filter equal(String column, String value) {
            return value == null ? this : add(column + " = ?", value);
        }

        void in(String column, List<String> values) {
            conditions.add(column + " IN (" + String.join(", ", values.stream().map(v -> "?").toList()) + ")");
            parameters.addAll(values);
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        int bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return parameters.size() + 1;
        }

        long count(String table, String action) {
            return context.jdbc(action, "SELECT COUNT(*) FROM " + table + where(), statement -> {
                bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }
    }
}
