package dev.proximity.samples.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.RepairReport;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.core.DualWriteStore;
import dev.proximity.core.SecondaryFailurePolicy;
import dev.proximity.core.StoreMigration;
import dev.proximity.samples.support.FaultyStore;
import dev.proximity.samples.support.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dual-write store when one of its stores fails: intermittently under concurrent writers of
 * apps, leases and backups (queued, then repaired until verify finds the stores identical), under the FAIL policy (neither keeps the
 * write), and when the outer commit fails after the inner one (undone or copied again at once, or
 * left as a marker that the next process to open the stores replays).
 */
class DualWriteFailuresTest {

    private static final Instant T0 = Instant.parse("2025-11-01T10:00:00Z");
    private static final PortRange PORTS = new PortRange(30000, 30999);

    @TempDir
    Path directory;

    private FaultyStore json;
    private FaultyStore database;

    private DualWriteStore open(SecondaryFailurePolicy policy, MigrationPhase phase) {
        json = new FaultyStore(Stores.open("json:" + directory.resolve("apps.json")));
        database = new FaultyStore(Stores.open("jdbc:sqlite:" + directory.resolve("proximity.db")));
        DualWriteStore dual = DualWriteStore.builder(json, database).secondaryFailurePolicy(policy).build();
        if (dual.phase() != phase) {
            Phases.advance(dual, phase);
        }
        return dual;
    }

    @Test
    void intermittentDatabaseFailuresInDualWriteAreQueuedThenRepaired() throws Exception {
        try (DualWriteStore dual = open(SecondaryFailurePolicy.QUEUE, MigrationPhase.DUAL_WRITE)) {
            database.failWhen(n -> n % 3 == 0);
            concurrentWriters(dual, 4, 40);

            assertThat(dual.pendingRepairs()).isPositive();
            assertThat(verify(dual).isConsistent()).isFalse();
            database.failWhen(n -> false);
            RepairReport report = dual.repair();

            assertThat(report.isComplete()).as(report.failures().toString()).isTrue();
            assertThat(report.replayed()).isEqualTo(report.found()).isPositive();
            assertThat(dual.pendingRepairs()).isZero();
            assertIdentical(dual);
        }
    }

    @Test
    void intermittentJsonFailuresInDatabasePrimaryAreQueuedThenRepaired() throws Exception {
        try (DualWriteStore dual = open(SecondaryFailurePolicy.QUEUE, MigrationPhase.DB_PRIMARY)) {
            json.failWhen(n -> n % 4 == 0);
            concurrentWriters(dual, 4, 40);

            assertThat(dual.pendingRepairs()).isPositive();
            json.failWhen(n -> false);
            assertThat(dual.repair().isComplete()).isTrue();
            assertIdentical(dual);
        }
    }

    @Test
    void failPolicyKeepsTheWriteInNeitherStore() {
        try (DualWriteStore dual = open(SecondaryFailurePolicy.FAIL, MigrationPhase.DUAL_WRITE)) {
            database.failWhen(n -> true);

            assertThatThrownBy(() -> dual.write((StoreSession s) -> s.apps().insert(app("web"))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("(the secondary store) failed the mirrored write, so neither store kept it")
                    .hasMessageContaining("commit failed (injected");

            database.failWhen(n -> false);
            assertThat(json.read((StoreSession s) -> s.apps().count())).isZero();
            assertThat(database.read((StoreSession s) -> s.apps().count())).isZero();
            assertThat(dual.pendingRepairs()).isZero();
        }
    }

    @Test
    void jsonFailingAfterTheDatabaseCommittedInDualWriteIsUndoneInTheDatabase() {
        try (DualWriteStore dual = open(SecondaryFailurePolicy.QUEUE, MigrationPhase.DUAL_WRITE)) {
            int next = json.writes() + 1;
            json.failWhen(n -> n == next);

            assertThatThrownBy(() -> dual.write((StoreSession s) -> s.apps().insert(app("web"))))
                    .hasMessageContaining("commit failed (injected");

            assertThat(database.read((StoreSession s) -> s.apps().get(App.idFor("nginx", "web")))).isEmpty();
            assertThat(dual.pendingRepairs()).isZero();
            assertIdentical(dual);
        }
    }

    @Test
    void jsonFailingOnceAfterTheDatabaseCommittedInDatabasePrimaryIsCopiedAgain() {
        try (DualWriteStore dual = open(SecondaryFailurePolicy.FAIL, MigrationPhase.DB_PRIMARY)) {
            int next = json.writes() + 1;
            json.failWhen(n -> n == next);

            App stored = dual.write((StoreSession s) -> s.apps().insert(app("web")));

            assertThat(json.read((StoreSession s) -> s.apps().get(stored.id()))).isPresent();
            assertIdentical(dual);
        }
    }

    @Test
    void anUnconfirmedWriteLeftBehindIsReplayedByTheNextProcessToOpenTheStores() {
        String id = App.idFor("nginx", "web");
        try (DualWriteStore dual = open(SecondaryFailurePolicy.QUEUE, MigrationPhase.DUAL_WRITE)) {
            dual.write((StoreSession s) -> s.apps().insert(app("web")));
            // the JSON file refuses its commit, and the database every write after the inner commit: the
            // undo cannot happen, as if the process had died between the two commits
            json.failWhen(n -> true);
            int innerCommit = database.writes() + 1;
            database.failWhen(n -> n > innerCommit);
            assertThatThrownBy(() -> dual.write((StoreSession s) -> s.apps().delete(id)))
                    .hasMessageContaining("undoing it there failed too, and is queued for repair");
            assertThat(database.read((StoreSession s) -> s.apps().get(id))).as("deleted in the database only").isEmpty();
            json.failWhen(n -> false);
            database.failWhen(n -> false);
        }

        try (DualWriteStore reopened = open(SecondaryFailurePolicy.QUEUE, MigrationPhase.DUAL_WRITE)) {
            assertThat(database.read((StoreSession s) -> s.apps().get(id))).as("the JSON file, primary, still has it").isPresent();
            assertThat(reopened.pendingRepairs()).isZero();
            assertIdentical(reopened);
        }
    }

    private static void concurrentWriters(ProximityStore store, int threads, int writesEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int writer = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < writesEach; i++) {
                    String hostname = "w" + writer + "-" + (i % 10);
                    String id = App.idFor("nginx", hostname);
                    int action = ThreadLocalRandom.current().nextInt(4);
                    store.write((StoreSession s) -> {
                        var existing = s.apps().get(id);
                        if (existing.isEmpty()) {
                            s.apps().insert(app(hostname));
                            s.portLeases().reserveLowestFree(PORTS, id, T0, T0.plusSeconds(60));
                            s.backups().put(backupOf(id, BackupStatus.CREATING, T0));
                        } else if (action == 0) {
                            s.apps().delete(id);
                            s.portLeases().release(id);
                            s.backups().delete("b-" + id);
                        } else {
                            s.apps().update(existing.get().toBuilder().status(action == 1 ? AppStatus.STOPPED : AppStatus.RUNNING)
                                    .updatedAt(existing.get().updatedAt().plusSeconds(1)).build());
                            s.portLeases().bind(id);
                            s.backups().put(backupOf(id, action == 1 ? BackupStatus.COMPLETED : BackupStatus.FAILED,
                                    existing.get().updatedAt().plusSeconds(1)));
                        }
                        return null;
                    });
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    private static VerifyReport verify(DualWriteStore dual) {
        return StoreMigration.of(dual).verify();
    }

    private static void assertIdentical(DualWriteStore dual) {
        VerifyReport report = verify(dual);
        assertThat(report.missingInTarget()).isEmpty();
        assertThat(report.missingInSource()).isEmpty();
        assertThat(report.different()).isEmpty();
    }

    private static AppBackup backupOf(String appId, BackupStatus status, Instant at) {
        return new AppBackup("b-" + appId, appId, "pve", 101, "local", status == BackupStatus.COMPLETED
                ? "local:backup/vzdump-lxc-101-2025_11_01-10_00_00.tar.zst" : null, 0, BackupMode.SNAPSHOT,
                BackupCompression.ZSTD, status, T0, at);
    }

    private static App app(String hostname) {
        return App.builder().id(App.idFor("nginx", hostname)).catalogId("nginx").name("Nginx " + hostname).hostname(hostname)
                .status(AppStatus.RUNNING).node("pve").createdAt(T0).updatedAt(T0).build();
    }
}
