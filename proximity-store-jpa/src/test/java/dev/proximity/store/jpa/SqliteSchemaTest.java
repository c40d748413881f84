package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQLite schema: migrated once, validated by Hibernate, constrained and indexed in the database itself. */
class SqliteSchemaTest {

    private static final int OPENED_AT_ONCE = 6;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;

    private String url() {
        return "jdbc:sqlite:" + directory.resolve("nested/dir/proximity.db");
    }

    @Test
    void freshFileIsMigratedOnceAndReopeningChangesNothing() throws Exception {
        JpaStore.open(url()).close();
        List<String> afterFirstOpen = query("SELECT version || ' ' || success || ' ' || checksum FROM flyway_schema_history ORDER BY installed_rank");
        JpaStore.open(url()).close();

        assertThat(afterFirstOpen).hasSize(6);
        assertThat(afterFirstOpen.get(0)).startsWith("1 1 ");
        assertThat(afterFirstOpen.get(1)).startsWith("2 1 ");
        assertThat(afterFirstOpen.get(2)).startsWith("3 1 ");
        assertThat(afterFirstOpen.get(3)).startsWith("4 1 ");
        assertThat(afterFirstOpen.get(4)).startsWith("5 1 ");
        assertThat(afterFirstOpen.get(5)).startsWith("6 1 ");
        assertThat(query("SELECT version || ' ' || success || ' ' || checksum FROM flyway_schema_history ORDER BY installed_rank"))
                .isEqualTo(afterFirstOpen);
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
                .containsExactly("app", "app_backup", "deferred_index", "deployment_log_entry", "flyway_schema_history", "inventory_change",
                        "inventory_resource", "migration_run", "port_slot", "port_slot_range", "setting");
    }

    @Test
    void storesOpenedAtOnceOnANewFileAllGetTheMigratedSchema() throws Exception {
        // a race between one store's migration and another's first connections: a few new files make it likely to show
        for (int round = 0; round < 4; round++) {
            String url = "jdbc:sqlite:" + directory.resolve("round-" + round + "/proximity.db");
            ExecutorService pool = Executors.newFixedThreadPool(OPENED_AT_ONCE);
            try {
                List<Future<Long>> opened = new ArrayList<>();
                for (int i = 0; i < OPENED_AT_ONCE; i++) {
                    opened.add(pool.submit(() -> {
                        try (JpaStore store = JpaStore.open(url)) {
                            return store.read((StoreSession s) -> s.apps().count());
                        }
                    }));
                }
                for (Future<Long> apps : opened) {
                    assertThat(apps.get(2, TimeUnit.MINUTES)).as("round %d", round).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(query(url, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                    .containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(query(url, "PRAGMA journal_mode")).containsExactly("wal");
        }
    }

    @Test
    void aNewFileAnotherProgramWritesIsSwitchedToWalOnceThatProgramCommits() throws Exception {
        Path file = directory.resolve("held.db");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = other.createStatement()) {
            // a write transaction in rollback-journal mode: SQLite refuses the switch to WAL at once rather than wait
            statement.execute("BEGIN IMMEDIATE");
            ExecutorService opener = Executors.newSingleThreadExecutor();
            try {
                Future<Long> apps = opener.submit(() -> {
                    try (JpaStore store = JpaStore.open("jdbc:sqlite:" + file)) {
                        return store.read((StoreSession s) -> s.apps().count());
                    }
                });
                Thread.sleep(300);
                assertThat(apps).as("waits while the other program writes").isNotDone();
                statement.execute("COMMIT");
                assertThat(apps.get(1, TimeUnit.MINUTES)).isZero();
            } finally {
                opener.shutdownNow();
            }
        }
        assertThat(query("jdbc:sqlite:" + file, "PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void fileRunsInWalMode() throws Exception {
        JpaStore.open(url()).close();

        assertThat(query("PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void uniqueColumnsAreConstrainedByTheDatabaseItself() throws Exception {
        JpaStore.open(url()).close();
        execute("INSERT INTO app (id, catalog_id, name, hostname, status, vmid, public_port, internal_port, config_json, "
                + "ports_json, volumes_json, environment_json, search_text, version) "
                + "VALUES ('a-one', 'a', 'One', 'one', 'running', 100, 8100, 9100, '{}', '{}', '[]', '{}', 'one', 1)");

        for (String duplicate : List.of("id = 'a-one'", "hostname = 'one'", "vmid = 100", "public_port = 8100",
                "internal_port = 9100")) {
            String column = duplicate.substring(0, duplicate.indexOf(' '));
            String values = "'" + (column.equals("id") ? "a-one" : "a-two") + "', 'a', 'Two', "
                    + (column.equals("hostname") ? "'one'" : "'two'") + ", 'running', "
                    + (column.equals("vmid") ? "100" : "101") + ", " + (column.equals("public_port") ? "8100" : "8101") + ", "
                    + (column.equals("internal_port") ? "9100" : "9101");
            assertThatThrownBy(() -> execute("INSERT INTO app (id, catalog_id, name, hostname, status, vmid, public_port, "
                    + "internal_port, config_json, ports_json, volumes_json, environment_json, search_text, version) VALUES ("
                    + values + ", '{}', '{}', '[]', '{}', 'two', 1)"))
                    .as(duplicate).isInstanceOf(SQLException.class).hasMessageContaining("app." + column);
        }
    }

    @Test
    void statusAndNodeListingIsCoveredByOneIndex() throws Exception {
        JpaStore.open(url()).close();

        // the shape of the count and page queries JpaAppRepository runs for status + node filters
        assertThat(String.join("\n", query("EXPLAIN QUERY PLAN SELECT count(*) FROM app WHERE status IN ('running') AND node = 'pve2'")))
                .contains("COVERING INDEX ix_app_status_node_name");
        assertThat(String.join("\n", query("EXPLAIN QUERY PLAN SELECT id FROM app WHERE status IN ('running') AND node = 'pve2' "
                + "ORDER BY name, id LIMIT 50 OFFSET 100")))
                .contains("ix_app_status_node_name").doesNotContain("TEMP B-TREE");
    }

    @Test
    void lowestFreePortIsAnIndexSeekOnTheFreeSlotIndex() throws Exception {
        PortRange range = new PortRange(20000, 29999);
        try (JpaStore store = JpaStore.open(url())) {
            store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, "seed", NOW, NOW.plusSeconds(60)));
        }
        // 99 % full of live reservations, as a benchmark filling the range leaves it: every port but the top 100
        execute("UPDATE port_slot SET owner_id = 'app-' || port, state = 'RESERVED', leased_at_ms = 0, "
                + "expires_at_ms = 9999999999999 WHERE port < 29900");

        // the queries JpaPortLeaseRepository runs for "lowest free" and "lowest expired"
        assertThat(String.join("\n", query("EXPLAIN QUERY PLAN SELECT port FROM port_slot INDEXED BY ix_port_slot_free WHERE owner_id IS NULL "
                + "AND port BETWEEN 20000 AND 29999 ORDER BY port LIMIT 1")))
                .contains("ix_port_slot_free").doesNotContain("SCAN port_slot");
        assertThat(String.join("\n", query("EXPLAIN QUERY PLAN SELECT port FROM port_slot INDEXED BY ix_port_slot_expiry "
                + "WHERE state = 'RESERVED' AND expires_at_ms <= 5 AND port BETWEEN 20000 AND 29899 ORDER BY port LIMIT 1")))
                .contains("ix_port_slot_expiry (expires_at_ms<?)");
        try (JpaStore store = JpaStore.open(url())) {
            assertThat(store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, "late", NOW, NOW.plusSeconds(60))))
                    .get().extracting(lease -> lease.port()).isEqualTo(29900);
        }
    }

    @Test
    void schemaThatDriftedFromTheMappingFailsTheOpenNamingTheColumn() throws Exception {
        JpaStore.open(url()).close();
        execute("ALTER TABLE app DROP COLUMN url");

        assertThatThrownBy(() -> JpaStore.open(url()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("url");
    }

    private List<String> query(String sql) throws SQLException {
        return query(url(), sql);
    }

    private static List<String> query(String url, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(result.getMetaData().getColumnCount()));
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
