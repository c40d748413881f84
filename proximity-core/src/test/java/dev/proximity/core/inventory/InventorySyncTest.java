package dev.proximity.core.inventory;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.DriftReport;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.InventoryService;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.Proximity;
import dev.proximity.core.testing.FakeCluster;
import dev.proximity.core.testing.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.proximity.core.testing.FakeCluster.lxc;
import static dev.proximity.core.testing.FakeCluster.node;
import static dev.proximity.core.testing.FakeCluster.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync's change detection, staleness, tasks, retention and drift, on the in-memory store and a fake cluster. */
class InventorySyncTest {

    private static final String INSTALLATION = "inst-abc";
    private static final List<String> MARKED = List.of("proximity", "proximity-" + INSTALLATION);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final FakeCluster cluster = new FakeCluster();
    private final WriteCounting store = new WriteCounting(InMemoryStore.create());
    private Proximity proximity;
    private InventoryService inventory;

    @BeforeEach
    void cluster() {
        cluster.put(node("pve", "online"));
        cluster.put(node("pve2", "online"));
        cluster.put(lxc(101, "pve", "web", "running", 2, 512, MARKED));
        cluster.put(lxc(102, "pve2", "db", "stopped", 1, 256, List.of("other")));
        proximity = Proximity.builder().store(store).cluster(cluster).clock(clock).installationId(INSTALLATION)
                .inventoryRetention(Duration.ofDays(7)).build();
        inventory = proximity.inventory();
    }

    @AfterEach
    void close() {
        proximity.close();
    }

    private List<StateChange> history(String id) {
        return inventory.history(HistoryQuery.all().of(id)).items();
    }

    @Test
    void firstSyncDiscoversEverythingAndASecondWithNothingChangedWritesNothing() {
        SyncReport first = inventory.sync();
        assertThat(first.count(ChangeType.DISCOVERED)).isEqualTo(4);
        assertThat(first.writes()).isEqualTo(8);
        assertThat(inventory.resources(InventoryQuery.all()).total()).isEqualTo(4);
        int writesBefore = store.writes.get();

        clock.advance(Duration.ofMinutes(5));
        SyncReport second = inventory.sync();

        assertThat(second.writes()).isZero();
        assertThat(second.changedAnything()).isFalse();
        assertThat(store.writes.get()).as("store writes").isEqualTo(writesBefore);
        assertThat(second.seen()).isEqualTo(4);
        assertThat(cluster.calls()).as("one cluster call and one task list per node, per sync").isEqualTo(6);
    }

    @Test
    void countersAloneAreStoredWithoutASnapshotAtMostOncePerRefreshInterval() {
        inventory.sync();
        var busier = lxc(101, "pve", "web", "running", 2, 512, MARKED);
        cluster.put(new dev.proximity.api.inventory.ObservedResource(busier.id(), busier.type(), busier.node(), busier.name(),
                busier.vmid(), busier.status(), busier.tags(), busier.properties(), Map.of("cpu", 0.9, "mem", 1.0e8, "uptime", 4000.0)));
        clock.advance(Duration.ofMinutes(1));

        SyncReport soon = inventory.sync();
        assertThat(soon.writes()).as("counters moved, but were stored a minute ago").isZero();
        assertThat(inventory.resource("lxc/101").orElseThrow().observed().metrics()).containsEntry("cpu", 0.0123);

        clock.advance(Duration.ofMinutes(5));
        SyncReport later = inventory.sync();

        assertThat(later.metricsRefreshed()).isEqualTo(1);
        assertThat(later.changes()).isEmpty();
        InventoryResource refreshed = inventory.resource("lxc/101").orElseThrow();
        assertThat(refreshed.observed().metrics()).containsEntry("cpu", 0.9);
        assertThat(refreshed.refreshedAt()).isEqualTo(clock.instant());
        assertThat(refreshed.changedAt()).as("not a change").isEqualTo(refreshed.firstSeen());
        assertThat(history("lxc/101")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED);
    }

    @Test
    void aChangeWritesAnUpdatedSnapshotHoldingTheNewState() {
        inventory.sync();
        Instant firstSeen = inventory.resource("lxc/101").orElseThrow().firstSeen();
        clock.advance(Duration.ofMinutes(1));
        cluster.put(lxc(101, "pve", "web", "running", 4, 512, MARKED));

        SyncReport report = inventory.sync();

        assertThat(report.count(ChangeType.UPDATED)).isEqualTo(1);
        InventoryResource now = inventory.resource("lxc/101").orElseThrow();
        assertThat(now.observed().properties()).containsEntry("maxcpu", "4");
        assertThat(now.firstSeen()).isEqualTo(firstSeen);
        assertThat(now.changedAt()).isEqualTo(clock.instant());
        List<StateChange> history = history("lxc/101");
        assertThat(history).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED, ChangeType.UPDATED);
        assertThat(history.get(0).resource().observed().properties()).containsEntry("maxcpu", "2");
        assertThat(history.get(1).resource()).isEqualTo(now);
    }

    @Test
    void aGuestGoneFromAnAnsweringNodeIsDeletedWithItsLastStateKept() {
        inventory.sync();
        InventoryResource last = inventory.resource("lxc/102").orElseThrow();
        cluster.remove("lxc/102");
        clock.advance(Duration.ofMinutes(1));

        SyncReport report = inventory.sync();

        assertThat(report.count(ChangeType.DELETED)).isEqualTo(1);
        assertThat(inventory.resource("lxc/102")).isEmpty();
        StateChange deleted = inventory.history(HistoryQuery.all().ofChange(ChangeType.DELETED)).items().get(0);
        assertThat(deleted.resource()).isEqualTo(last);
        assertThat(deleted.at()).isEqualTo(clock.instant());
    }

    @Test
    void newGuestsOnAKnownNodeAreCreatedAndOnANewNodeDiscovered() {
        inventory.sync();
        cluster.put(lxc(103, "pve", "new", "running", 1, 256, List.of()));
        cluster.put(node("pve3", "online"));
        cluster.put(lxc(301, "pve3", "old-on-new-node", "running", 1, 256, List.of()));
        clock.advance(Duration.ofMinutes(1));

        inventory.sync();

        assertThat(history("lxc/103")).extracting(StateChange::change).containsExactly(ChangeType.CREATED);
        assertThat(history("lxc/301")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED);
        assertThat(history("node/pve3")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED);
    }

    @Test
    void aNodeThatStopsAnsweringKeepsItsGuestsMarkedStaleAndNeverDeleted() {
        inventory.sync();
        InventoryResource before = inventory.resource("lxc/102").orElseThrow();
        // Proxmox lists an offline node's guests with status "unknown" and no counters, or not at all
        cluster.put(node("pve2", "offline"));
        cluster.put(lxc(102, "pve2", "db", "unknown", 1, 256, List.of("other")));
        clock.advance(Duration.ofMinutes(1));

        SyncReport offline = inventory.sync();

        assertThat(offline.staleNodes()).containsExactly("pve2");
        InventoryResource kept = inventory.resource("lxc/102").orElseThrow();
        assertThat(kept.stale()).isTrue();
        assertThat(kept.observed()).isEqualTo(before.observed());
        assertThat(history("node/pve2")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED, ChangeType.UPDATED);
        assertThat(history("lxc/102")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED);

        cluster.remove("lxc/102");
        clock.advance(Duration.ofMinutes(1));
        SyncReport stillOffline = inventory.sync();
        assertThat(stillOffline.count(ChangeType.DELETED)).isZero();
        assertThat(stillOffline.writes()).as("nothing new to write").isZero();
        assertThat(inventory.resource("lxc/102")).isPresent();

        cluster.put(node("pve2", "online"));
        cluster.put(lxc(102, "pve2", "db", "stopped", 1, 256, List.of("other")));
        clock.advance(Duration.ofMinutes(1));
        SyncReport back = inventory.sync();
        assertThat(back.staleNodes()).isEmpty();
        assertThat(inventory.resource("lxc/102").orElseThrow().stale()).isFalse();
        assertThat(history("lxc/102")).extracting(StateChange::change).containsExactly(ChangeType.DISCOVERED);
    }

    @Test
    void aNodeWhoseTaskListFailsIsStaleToo() {
        inventory.sync();
        cluster.silence("pve2");
        cluster.remove("lxc/102");

        SyncReport report = inventory.sync();

        assertThat(report.staleNodes()).containsExactly("pve2");
        assertThat(inventory.resource("lxc/102").orElseThrow().stale()).isTrue();
    }

    @Test
    void aClusterThatCannotBeReadWritesNothing() {
        inventory.sync();
        int writes = store.writes.get();
        cluster.failWith(new PlatformNoAnswerException("GET /cluster/resources", "timeout", false, null));

        assertThatThrownBy(inventory::sync).isInstanceOf(PlatformNoAnswerException.class);

        assertThat(store.writes.get()).isEqualTo(writes);
        assertThat(inventory.resources(InventoryQuery.all()).total()).isEqualTo(4);
    }

    @Test
    void tasksAreFollowedUntilTheyEndAndAgeOutWithoutADeletion() {
        long start = clock.instant().getEpochSecond();
        cluster.putTask("pve", task("pve", "UPID:pve:1", "vzdump", start - 100, "OK"));
        cluster.putTask("pve", task("pve", "UPID:pve:2", "vzcreate", start - 50, "running"));
        inventory.sync();
        assertThat(inventory.resources(InventoryQuery.all().ofType(ResourceType.TASK)).total()).isEqualTo(2);

        cluster.putTask("pve", task("pve", "UPID:pve:2", "vzcreate", start - 50, "OK"));
        clock.advance(Duration.ofMinutes(1));
        SyncReport finished = inventory.sync();
        assertThat(cluster.sinceAsked()).contains(Instant.ofEpochSecond(start - 50));
        assertThat(finished.count(ChangeType.UPDATED)).isEqualTo(1);
        assertThat(inventory.resource("task/UPID:pve:2").orElseThrow().observed().status()).isEqualTo("OK");

        clock.advance(Duration.ofDays(8));
        SyncReport later = inventory.sync();
        assertThat(later.count(ChangeType.DELETED)).as("tasks leave by age, not as deletions").isZero();
        assertThat(later.pruned()).as("a task and the 7 snapshots older than 7 days").isEqualTo(8);
        // the oldest task left the node's list and aged out; the newest is still listed (from "since"), so it stays
        assertThat(inventory.resource("task/UPID:pve:1")).isEmpty();
        assertThat(inventory.resource("task/UPID:pve:2")).isPresent();
        assertThat(inventory.history(HistoryQuery.all()).total()).isZero();
        assertThat(inventory.resources(InventoryQuery.all().ofType(ResourceType.NODE, ResourceType.LXC)).total())
                .as("nodes and guests stay").isEqualTo(4);
    }

    @Test
    void pruneRemovesOnlySnapshotsOlderThanTheRetention() {
        inventory.sync();
        clock.advance(Duration.ofDays(6));
        cluster.put(lxc(101, "pve", "web", "stopped", 2, 512, MARKED));
        inventory.sync();
        clock.advance(Duration.ofDays(2));

        assertThat(inventory.prune()).isEqualTo(4);

        assertThat(inventory.history(HistoryQuery.all()).items()).extracting(StateChange::change).containsExactly(ChangeType.UPDATED);
    }

    @Test
    void concurrentSyncsRunOneAtATimeAndRecordEachChangeOnce() throws Exception {
        List<CompletableFuture<SyncReport>> syncs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            syncs.add(CompletableFuture.supplyAsync(inventory::sync));
        }
        int discovered = 0;
        for (CompletableFuture<SyncReport> sync : syncs) {
            discovered += sync.get().count(ChangeType.DISCOVERED);
        }
        assertThat(discovered).isEqualTo(4);
        assertThat(inventory.history(HistoryQuery.all()).total()).isEqualTo(4);
    }

    @Test
    void anIntervalSyncsPeriodicallyUntilClose() throws Exception {
        try (Proximity periodic = Proximity.builder().store(InMemoryStore.create()).cluster(cluster).clock(clock)
                .inventoryInterval(Duration.ofMillis(20)).build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (periodic.inventory().resources(InventoryQuery.all()).total() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(periodic.inventory().resources(InventoryQuery.all()).total()).isEqualTo(4);
        }
        int callsAfterClose = cluster.calls();
        Thread.sleep(100);
        assertThat(cluster.calls()).as("no sync after close").isEqualTo(callsAfterClose);
    }

    @Test
    void invalidInventorySettingsFailTheBuild() {
        assertThatThrownBy(() -> Proximity.builder().store(InMemoryStore.create()).cluster(cluster)
                .inventoryRetention(Duration.ZERO).build())
                .isInstanceOf(dev.proximity.api.error.InvalidRequestException.class)
                .hasMessageContaining("retention must be positive");
    }

    @Test
    void withoutAClusterReaderInventoryIsAClearError() {
        try (Proximity plain = Proximity.builder().store(InMemoryStore.create()).build()) {
            assertThatThrownBy(plain::inventory).isInstanceOf(IllegalStateException.class).hasMessageContaining("cluster reader");
        }
    }

    @Test
    void driftReportsMissingDriftedAndUnexplainedContainers() {
        cluster.put(lxc(103, "pve", "stray", "running", 1, 256, MARKED));
        cluster.put(lxc(104, "pve", "legacy", "running", 1, 256, List.of("proximity")));
        cluster.put(lxc(105, "pve", "someone-else", "running", 1, 256, List.of("proximity", "proximity-other")));
        cluster.put(lxc(201, "pve2", "on-stale-node", "running", 1, 256, MARKED));
        inventory.sync();
        cluster.put(node("pve2", "offline"));
        cluster.remove("lxc/201");
        inventory.sync();
        store.write((StoreSession s) -> {
            s.apps().insert(app("web", 101, "pve", 4, 512));      // cores differ
            s.apps().insert(app("gone", 150, "pve", 1, 256));     // no container
            s.apps().insert(app("far", 201, "pve2", 1, 256));     // its node does not answer
            return null;
        });

        DriftReport report = inventory.drift();

        assertThat(report.inSync()).isFalse();
        assertThat(report.missing()).extracting(DriftReport.Missing::appId).containsExactly(App.idFor("nginx", "gone"));
        assertThat(report.drifted()).extracting(DriftReport.Drift::field, DriftReport.Drift::expected, DriftReport.Drift::actual)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cores", "4", "2"));
        assertThat(report.unexplained()).extracting(DriftReport.Unexplained::vmid).containsExactly(103, 104);
        assertThat(report.staleNodes()).containsExactly("pve2");
        assertThat(report.syncedAt()).isEqualTo(clock.instant());
    }

    private App app(String hostname, int vmid, String node, int cores, int memory) {
        return App.builder().id(App.idFor("nginx", hostname)).catalogId("nginx").name(hostname).hostname(hostname)
                .status(AppStatus.RUNNING).vmid(vmid).node(node).config(Map.of("cores", cores, "memory", memory))
                .createdAt(clock.instant()).updatedAt(clock.instant()).build();
    }

    /** A store that counts its write transactions. */
    private static final class WriteCounting implements ProximityStore {
        final AtomicInteger writes = new AtomicInteger();
        private final ProximityStore delegate;

        WriteCounting(ProximityStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T read(Function<StoreSession, T> work) {
            return delegate.read(work);
        }

        @Override
        public <T> T write(Function<StoreSession, T> work) {
            writes.incrementAndGet();
            return delegate.write(work);
        }

        @Override
        public Optional<StoreLock> lock(String name, Duration wait) {
            return delegate.lock(name, wait);
        }

        @Override
        public StoreDescriptor descriptor() {
            return delegate.descriptor();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A clock tests move forward. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
