package dev.proximity.store.jpa;

import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.StoreSession;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture.FreshDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL schema: migrated once, jsonb documents, named constraints, partial indexes the planner uses. */
class PostgresSchemaTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private FreshDatabase database;

    @BeforeEach
    void createDatabase() {
        database = EmbeddedPostgresFixture.freshDatabase("schema");
    }

    @Test
    void freshDatabaseIsMigratedOnceAndReopeningChangesNothing() throws Exception {
        JpaStore.open(database.storeUrl()).close();
        List<String> afterFirstOpen = query("SELECT version || ' ' || success || ' ' || checksum FROM flyway_schema_history ORDER BY installed_rank");
        JpaStore.open(database.storeUrl()).close();

        assertThat(afterFirstOpen).hasSize(6);
        assertThat(afterFirstOpen.get(0)).startsWith("1 true ");
        assertThat(afterFirstOpen.get(1)).startsWith("2 true ");
        assertThat(afterFirstOpen.get(2)).startsWith("3 true ");
        assertThat(afterFirstOpen.get(3)).startsWith("4 true ");
        assertThat(afterFirstOpen.get(4)).startsWith("5 true ");
        assertThat(afterFirstOpen.get(5)).startsWith("6 true ");
        assertThat(query("SELECT version || ' ' || success || ' ' || checksum FROM flyway_schema_history ORDER BY installed_rank"))
                .isEqualTo(afterFirstOpen);
    }

    @Test
    void documentsAreJsonb() throws Exception {
        JpaStore.open(database.storeUrl()).close();

        assertThat(query("SELECT table_name || '.' || column_name FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND data_type = 'jsonb' ORDER BY 1"))
                .containsExactly("app.config_json", "app.environment_json", "app.ports_json", "app.volumes_json",
                        "inventory_change.document", "inventory_resource.document", "migration_run.document");
    }

    @Test
    void uniqueFieldsCarryTheConstraintNamesTheStoreReportsBy() throws Exception {
        JpaStore.open(database.storeUrl()).close();

        assertThat(query("SELECT conname FROM pg_constraint WHERE conrelid = 'app'::regclass AND contype IN ('p', 'u') ORDER BY 1"))
                .containsExactly("pk_app", "uk_app_hostname", "uk_app_internal_port", "uk_app_public_port", "uk_app_vmid");
    }

    @Test
    void lowestFreePortAt99PercentOccupancyUsesTheFreeSlotIndex() throws Exception {
        PortRange range = new PortRange(20000, 29999);
        try (JpaStore store = JpaStore.open(database.storeUrl())) {
            store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, "seed", NOW, NOW.plusSeconds(60)));
        }
        // 99 % full of live reservations, statistics left as they were after seeding (all free)
        execute("UPDATE port_slot SET owner_id = 'app-' || port, state = 'RESERVED', leased_at_ms = 0, "
                + "expires_at_ms = 9999999999999 WHERE port < 29900");

        // the queries JpaPortLeaseRepository runs for "lowest free" and "lowest expired"
        assertThat(String.join("\n", query("EXPLAIN SELECT port FROM port_slot WHERE owner_id IS NULL "
                + "AND port BETWEEN 20000 AND 29999 ORDER BY port LIMIT 1 FOR UPDATE SKIP LOCKED")))
                .contains("ix_port_slot_free").doesNotContain("Seq Scan");
        assertThat(String.join("\n", query("EXPLAIN SELECT port FROM port_slot WHERE state = 'RESERVED' AND expires_at_ms <= 5 "
                + "AND port BETWEEN 20000 AND 29899 ORDER BY port LIMIT 1 FOR UPDATE SKIP LOCKED")))
                .contains("ix_port_slot_expiry").doesNotContain("Seq Scan").doesNotContain("pk_port_slot");
        try (JpaStore store = JpaStore.open(database.storeUrl())) {
            assertThat(store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, "late", NOW, NOW.plusSeconds(60))))
                    .get().extracting(lease -> lease.port()).isEqualTo(29900);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
