package dev.proximity.store.jpa;

import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.PortLeaseRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Port leases in table {@code port_slot}, one row per port, in native SQL.
 *
 * <p>Every port of a range gets a row the first time the range is allocated from (recorded in
 * {@code port_slot_range}, so that happens once). A free slot has no owner and sits in the partial
 * index {@code ix_port_slot_free}, so the lowest free port is one index seek whether the range is
 * empty or 99 % full. Expired reservations are found through {@code ix_port_slot_expiry}, which
 * holds only reservations.
 *
 * <p>Atomicity: on SQLite the whole write transaction holds the file's write lock
 * ({@code BEGIN IMMEDIATE}), so the read-then-update cannot interleave with another writer. On
 * PostgreSQL the chosen slot is locked with {@code FOR UPDATE SKIP LOCKED}: concurrent allocators
 * each lock a different free slot instead of queueing on the same one, and a slot another
 * transaction took in the meantime fails the re-check and is skipped.
 */
final class JpaPortLeaseRepository implements PortLeaseRepository {

    private static final String COLUMNS = "port, owner_id, state, leased_at_ms, expires_at_ms";
    private static final String EXPIRED = "state = 'RESERVED' AND expires_at_ms <= ?";
    private static final String LIVE = "owner_id IS NOT NULL AND (state = 'BOUND' OR expires_at_ms > ?)";
    private static final String CLEAR = "owner_id = NULL, state = NULL, leased_at_ms = NULL, expires_at_ms = NULL";

    private final SessionContext context;

    JpaPortLeaseRepository(SessionContext context) {
        this.context = context;
    }

    @Override
    public Optional<PortLease> reserveLowestFree(PortRange range, String ownerId, Instant now, Instant expiresAt) {
        context.requireWritable("reserve a port of range " + range);
        return sql("reserve a port of range " + range + " for '" + ownerId + "'", connection -> {
            ensureSlots(connection, range);
            Integer free = lowest(connection, freeSlots(), "owner_id IS NULL", range.first(), range.last(), null);
            int below = free == null ? range.last() : free - 1;
            Integer expired = below < range.first() ? null
                    : lowest(connection, expiredSlots(), EXPIRED, range.first(), below, now);
            Integer chosen = expired != null ? expired : free;
            if (chosen == null) {
                return Optional.empty();
            }
            PortLease lease = new PortLease(chosen, ownerId, LeaseState.RESERVED, now, expiresAt);
            write(connection, lease);
            return Optional.of(lease);
        });
    }

    @Override
    public Optional<PortLease> reserve(int port, String ownerId, Instant now, Instant expiresAt) {
        context.requireWritable("reserve port " + port);
        PortLease wanted = new PortLease(port, ownerId, LeaseState.RESERVED, now, expiresAt);
        return sql("reserve port " + port + " for '" + ownerId + "'", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO port_slot (port) VALUES (?) ON CONFLICT (port) DO NOTHING")) {
                insert.setInt(1, port);
                insert.executeUpdate();
            }
            try (PreparedStatement take = connection.prepareStatement("UPDATE port_slot SET owner_id = ?, state = 'RESERVED', "
                    + "leased_at_ms = ?, expires_at_ms = ? WHERE port = ? AND (owner_id IS NULL OR (" + EXPIRED + "))")) {
                take.setString(1, ownerId);
                take.setLong(2, wanted.leasedAt().toEpochMilli());
                take.setLong(3, wanted.expiresAt().toEpochMilli());
                take.setInt(4, port);
                take.setLong(5, now.toEpochMilli());
                if (take.executeUpdate() == 1) {
                    return Optional.of(wanted);
                }
            }
            return find(connection, port).filter(held -> held.ownerId().equals(ownerId));
        });
    }

    @Override
    public List<PortLease> bind(String ownerId) {
        context.requireWritable("bind the ports of '" + ownerId + "'");
        return sql("bind the ports of '" + ownerId + "'", connection -> {
            try (PreparedStatement bind = connection.prepareStatement(
                    "UPDATE port_slot SET state = 'BOUND', expires_at_ms = NULL WHERE owner_id = ?")) {
                bind.setString(1, ownerId);
                bind.executeUpdate();
            }
            return byOwner(connection, ownerId);
        });
    }

    @Override
    public int release(String ownerId) {
        context.requireWritable("release the ports of '" + ownerId + "'");
        return sql("release the ports of '" + ownerId + "'", connection -> {
            try (PreparedStatement release = connection.prepareStatement("UPDATE port_slot SET " + CLEAR + " WHERE owner_id = ?")) {
                release.setString(1, ownerId);
                return release.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PortLease> find(int port) {
        return sql("read the lease of port " + port, connection -> find(connection, port));
    }

    @Override
    public List<PortLease> findByOwner(String ownerId) {
        return sql("read the leases of '" + ownerId + "'", connection -> byOwner(connection, ownerId));
    }

    @Override
    public int countLive(PortRange range, Instant now) {
        return sql("count the live leases of range " + range, connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM port_slot WHERE port BETWEEN ? AND ? AND " + LIVE)) {
                count.setInt(1, range.first());
                count.setInt(2, range.last());
                count.setLong(3, now.toEpochMilli());
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                }
            }
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        context.requireWritable("delete expired port reservations");
        return sql("delete expired port reservations", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("UPDATE port_slot SET " + CLEAR + " WHERE " + EXPIRED)) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<PortLease> listAfter(int afterPort, int limit) {
        return sql("list port leases after " + afterPort, connection -> {
            try (PreparedStatement list = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM port_slot WHERE port > ? AND owner_id IS NOT NULL ORDER BY port LIMIT ?")) {
                list.setInt(1, afterPort);
                list.setInt(2, Math.max(limit, 0));
                return leases(list);
            }
        });
    }

    @Override
    public void save(PortLease lease) {
        context.requireWritable("save the lease of port " + lease.port());
        sql("save the lease of port " + lease.port(), connection -> {
            write(connection, lease);
            return null;
        });
    }

    /** Creates the slots of a range once; later calls find the range recorded and do nothing. */
    private void ensureSlots(Connection connection, PortRange range) throws SQLException {
        try (PreparedStatement known = connection.prepareStatement(
                "SELECT 1 FROM port_slot_range WHERE first_port = ? AND last_port = ?")) {
            known.setInt(1, range.first());
            known.setInt(2, range.last());
            try (ResultSet result = known.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement seed = connection.prepareStatement(seedSql())) {
            seed.setInt(1, range.first());
            seed.setInt(2, range.last());
            seed.executeUpdate();
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO port_slot_range (first_port, last_port) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            record.setInt(1, range.first());
            record.setInt(2, range.last());
            record.executeUpdate();
        }
    }

    private String seedSql() {
        return switch (context.database()) {
            case POSTGRESQL -> "INSERT INTO port_slot (port) SELECT p FROM generate_series(?::int, ?::int) AS p "
                    + "ON CONFLICT (port) DO NOTHING";
            // "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT, not a join
            case SQLITE -> "WITH RECURSIVE seq(p) AS (SELECT ? UNION ALL SELECT p + 1 FROM seq WHERE p < ?) "
                    + "INSERT INTO port_slot (port) SELECT p FROM seq WHERE true ON CONFLICT (port) DO NOTHING";
        };
    }

    /**
     * Where to look for free slots. SQLite is told to use the free-slot index: the primary key also
     * yields port order, and a walk along it would filter every leased slot, a cost that grows with
     * occupancy. PostgreSQL's planner picks the index from its statistics (see
     * {@link PostgresTransactions} for why its plans are never generic).
     */
    private String freeSlots() {
        return context.database() == Database.SQLITE ? "port_slot INDEXED BY ix_port_slot_free" : "port_slot";
    }

    /**
     * Where to look for expired reservations: the expiry index, which holds only reservations and
     * seeks straight to the expired ones. Left to itself, SQLite's planner walks the primary key
     * instead (it yields port order for free), filtering every leased slot.
     */
    private String expiredSlots() {
        return context.database() == Database.SQLITE ? "port_slot INDEXED BY ix_port_slot_expiry" : "port_slot";
    }

    /** The lowest port in [first, last] matching the condition, locked on PostgreSQL. */
    private Integer lowest(Connection connection, String table, String condition, int first, int last, Instant now)
            throws SQLException {
        String lock = context.database() == Database.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        try (PreparedStatement select = connection.prepareStatement("SELECT port FROM " + table + " WHERE " + condition
                + " AND port BETWEEN ? AND ? ORDER BY port LIMIT 1" + lock)) {
            int index = 1;
            if (now != null) {
                select.setLong(index++, now.toEpochMilli());
            }
            select.setInt(index++, first);
            select.setInt(index, last);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getInt(1) : null;
            }
        }
    }

    private static void write(Connection connection, PortLease lease) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO port_slot (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (port) DO UPDATE SET owner_id = excluded.owner_id, state = excluded.state, "
                + "leased_at_ms = excluded.leased_at_ms, expires_at_ms = excluded.expires_at_ms")) {
            upsert.setInt(1, lease.port());
            upsert.setString(2, lease.ownerId());
            upsert.setString(3, lease.state().name());
            upsert.setLong(4, lease.leasedAt().toEpochMilli());
            if (lease.expiresAt() == null) {
                upsert.setNull(5, Types.BIGINT);
            } else {
                upsert.setLong(5, lease.expiresAt().toEpochMilli());
            }
            upsert.executeUpdate();
        }
    }

    private static Optional<PortLease> find(Connection connection, int port) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM port_slot WHERE port = ? AND owner_id IS NOT NULL")) {
            select.setInt(1, port);
            return leases(select).stream().findFirst();
        }
    }

    private static List<PortLease> byOwner(Connection connection, String ownerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM port_slot WHERE owner_id = ? ORDER BY port")) {
            select.setString(1, ownerId);
            return leases(select);
        }
    }

    private static List<PortLease> leases(PreparedStatement select) throws SQLException {
        List<PortLease> leases = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                long expires = result.getLong(5);
                Instant expiresAt = result.wasNull() ? null : Instant.ofEpochMilli(expires);
                leases.add(new PortLease(result.getInt(1), result.getString(2), LeaseState.valueOf(result.getString(3)),
                        Instant.ofEpochMilli(result.getLong(4)), expiresAt));
            }
        }
        return leases;
    }

    private <T> T sql(String action, SqlWork<T> work) {
        try {
            return work.apply(context.connection());
        } catch (SQLException e) {
            throw context.failure(action, e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
