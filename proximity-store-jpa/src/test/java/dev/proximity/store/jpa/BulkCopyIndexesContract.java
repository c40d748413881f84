package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.BulkCopy;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bulk copy into an empty app table sets the query indexes aside and builds the same ones again
 * when it ends, or at the next open when the copying process died; unique values stay enforced
 * throughout. Written once, run on SQLite and on PostgreSQL.
 */
abstract class BulkCopyIndexesContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** @return the URL of a new, empty store */
    abstract String url();

    /** @return a plain connection to the store's database, outside the store */
    abstract Connection connect() throws SQLException;

    /** @return a query of every index of the app table with its definition, one string each, constraints' own included, sorted */
    abstract String appIndexesQuery();

    private List<String> appIndexes() throws SQLException {
        return query(appIndexesQuery());
    }

    @Test
    void aCopyIntoAnEmptyTableSetsTheQueryIndexesAsideAndBuildsTheSameOnesAtTheEnd() throws SQLException {
        try (JpaStore store = JpaStore.open(url())) {
            List<String> before = appIndexes();
            assertThat(before).anyMatch(index -> index.contains("ix_app_status"));

            List<UpsertOutcome> outcomes;
            BulkCopy ended;
            try (BulkCopy copy = store.startBulkCopy()) {
                ended = copy;
                assertThat(appIndexes()).hasSizeLessThan(before.size()).noneMatch(index -> index.contains("ix_app_"));
                assertThat(query("SELECT name FROM deferred_index ORDER BY name")).contains("ix_app_status", "ix_app_status_node_name");
                outcomes = store.write(session -> session.apps().upsertAllIfNewer(apps(0, 50))).stream()
                        .map(result -> result.outcome()).toList();
                // unique values are still enforced while the query indexes are aside
                App taken = app(99).toBuilder().hostname("host-7").build();
                assertThat(store.write(session -> session.apps().upsertAllIfNewer(List.of(taken))).get(0).outcome())
                        .isEqualTo(UpsertOutcome.REJECTED);
                // and queries still answer, only without the indexes
                long stopped = store.read(session -> session.apps().find(AppQuery.all().withStatuses(AppStatus.STOPPED))).total();
                assertThat(stopped).isEqualTo(25);
            }

            assertThat(outcomes).hasSize(50).containsOnly(UpsertOutcome.CREATED);

            assertThat(appIndexes()).isEqualTo(before);
            assertThat(query("SELECT name FROM deferred_index")).isEmpty();
            long stopped = store.read(session -> session.apps().find(AppQuery.all().withStatuses(AppStatus.STOPPED))).total();
            assertThat(stopped).isEqualTo(25);
        }
    }

    @Test
    void anIndexThatCannotBeBuiltIsNamedAndKeptAsideWhileTheOthersBuiltStayBuilt() throws SQLException {
        List<String> before;
        String definition;
        try (JpaStore store = JpaStore.open(url())) {
            before = appIndexes();
            BulkCopy copy = store.startBulkCopy();
            store.write(session -> session.apps().upsertAllIfNewer(apps(0, 20)));
            definition = query("SELECT definition FROM deferred_index WHERE name = 'ix_app_name'").get(0);
            execute("UPDATE deferred_index SET definition = 'CREATE INDEX ix_app_name ON app (no_such_column, id)' WHERE name = 'ix_app_name'");

            assertThatThrownBy(copy::close).isInstanceOf(StoreException.class)
                    .hasMessageContaining("ix_app_name").hasMessageContaining("no_such_column");

            List<String> stillAside = query("SELECT name FROM deferred_index ORDER BY name");
            // built in name order, each in its own transaction: those before the broken one stay built
            assertThat(stillAside).contains("ix_app_name").doesNotContain("ix_app_catalog_id");
            assertThat(appIndexes()).containsExactlyElementsOf(before.stream()
                    .filter(index -> stillAside.stream().noneMatch(name -> index.startsWith(name + " "))).toList());
        }

        execute("UPDATE deferred_index SET definition = '" + definition.replace("'", "''") + "' WHERE name = 'ix_app_name'");
        try (JpaStore store = JpaStore.open(url())) {
            assertThat(appIndexes()).isEqualTo(before);
            assertThat(query("SELECT name FROM deferred_index")).isEmpty();
            long copied = store.read(session -> session.apps().count());
            assertThat(copied).isEqualTo(20);
        }
    }

    @Test
    void aTableThatHoldsAppsKeepsItsIndexes() throws SQLException {
        try (JpaStore store = JpaStore.open(url())) {
            store.write(session -> session.apps().upsertAllIfNewer(apps(0, 1)));
            List<String> before = appIndexes();

            try (BulkCopy copy = store.startBulkCopy()) {
                assertThat(copy).isSameAs(BulkCopy.NONE);
                assertThat(appIndexes()).isEqualTo(before);
            }
            assertThat(appIndexes()).isEqualTo(before);
        }
    }

    @Test
    void aStoreOpenedDuringACopyLeavesTheIndexesAsideToIt() throws Exception {
        try (JpaStore store = JpaStore.open(url())) {
            List<String> before = appIndexes();
            try (BulkCopy copy = store.startBulkCopy()) {
                List<String> aside = appIndexes();
                // on another thread, as another process would
                CompletableFuture.runAsync(() -> JpaStore.open(url()).close()).get();
                assertThat(appIndexes()).isEqualTo(aside).hasSizeLessThan(before.size());
            }
            assertThat(appIndexes()).isEqualTo(before);
        }
    }

    @Test
    void theFirstOpenAfterACopyWasKilledBuildsTheIndexesItLeftAside(@TempDir Path directory) throws Exception {
        List<String> before;
        try (JpaStore store = JpaStore.open(url())) {
            before = appIndexes();
        }
        try (ChildJvm child = ChildJvm.start(BulkCopyChild.class, directory.resolve("child.err"), url())) {
            assertThat(child.nextLine(Duration.ofSeconds(60))).isEqualTo("copying");
            child.kill();
        }
        assertThat(appIndexes()).hasSizeLessThan(before.size());
        assertThat(query("SELECT name FROM deferred_index")).isNotEmpty();

        try (JpaStore store = JpaStore.open(url())) {
            assertThat(appIndexes()).isEqualTo(before);
            assertThat(query("SELECT name FROM deferred_index")).isEmpty();
            long copied = store.read(session -> session.apps().count());
            assertThat(copied).isEqualTo(BulkCopyChild.APPS);
        }
    }

    /** Starts a bulk copy, writes some apps, says so, and waits to be killed. */
    public static final class BulkCopyChild {
        static final int APPS = 10;

        public static void main(String[] args) throws Exception {
            JpaStore store = JpaStore.open(args[0]);
            store.startBulkCopy();
            store.write(session -> session.apps().upsertAllIfNewer(apps(0, APPS)));
            System.out.println("copying");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static List<App> apps(int from, int to) {
        return IntStream.range(from, to).mapToObj(BulkCopyIndexesContract::app).toList();
    }

    private static App app(int i) {
        return App.builder().id("nginx-host-" + i).catalogId("nginx").name("Nginx " + i).hostname("host-" + i)
                .status(i % 2 == 0 ? AppStatus.RUNNING : AppStatus.STOPPED).node("pve").vmid(100 + i)
                .createdAt(T0).updatedAt(T0).build();
    }
}
