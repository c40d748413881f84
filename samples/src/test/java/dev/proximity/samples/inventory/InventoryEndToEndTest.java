package dev.proximity.samples.inventory;

import dev.proximity.api.app.App;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.DriftReport;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryService;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.RecordedCall;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The inventory against the simulated cluster over HTTPS (and SSH for the deploy): guests created,
 * changed and deleted between syncs, a node going offline, desired versus actual, and reconcile
 * reading the cluster through the inventory.
 */
class InventoryEndToEndTest {

    @TempDir
    Path directory;

    private SimulatedCluster cluster;
    private Proximity proximity;

    @AfterEach
    void close() {
        if (proximity != null) {
            proximity.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private InventoryService start(String store) {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 32, 8).node("pve2", 32, 8));
        String url = store.equals("json") ? "json:" + directory.resolve("apps.json") : "jdbc:sqlite:" + directory.resolve("p.db");
        proximity = cluster.proximity(url).installationId("e2e-inst").build();
        return proximity.inventory();
    }

    private List<RecordedCall> syncCalls() {
        return cluster.pve().calls().stream().filter(call -> call.path().equals("/cluster/resources")
                || call.path().matches("/nodes/[^/]+/tasks")).toList();
    }

    private List<ChangeType> historyOf(InventoryService inventory, String id) {
        return inventory.history(HistoryQuery.all().of(id)).items().stream().map(StateChange::change).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "sqlite"})
    void syncFollowsTheClusterThroughCreationChangeDeletionAndANodeGoingOffline(String store) {
        InventoryService inventory = start(store);
        cluster.pve().seedContainer("pve1", 301, "alpha", List.of("team-a"), null, true);
        cluster.pve().seedContainer("pve2", 302, "beta", List.of(), null, false);
        cluster.pve().seedVm("pve2", 400, "vm-one", List.of(), true);
        cluster.pve().clearCalls();

        SyncReport first = inventory.sync();

        assertThat(syncCalls()).as("one cluster call plus one task list per node").hasSize(3);
        assertThat(cluster.pve().calls()).hasSize(3);
        // 2 nodes, 3 guests, 2 storages per node
        assertThat(first.count(ChangeType.DISCOVERED)).isEqualTo(9);
        assertThat(inventory.resources(InventoryQuery.all().ofType(ResourceType.LXC)).items())
                .extracting(r -> r.observed().vmid(), r -> r.node(), r -> r.observed().status())
                .containsExactly(tuple(301, "pve1", "running"), tuple(302, "pve2", "stopped"));
        assertThat(inventory.resources(InventoryQuery.all().taggedWith("team-a")).items()).extracting(r -> r.id())
                .containsExactly("lxc/301");

        cluster.pve().clearCalls();
        SyncReport quiet = inventory.sync();
        assertThat(quiet.writes()).as("nothing changed, nothing written").isZero();
        assertThat(syncCalls()).hasSize(3);

        cluster.platform().updateConfig("pve1", 301, Map.of("memory", "2048"));
        cluster.platform().delete("pve2", 302, false, true);
        cluster.pve().seedContainer("pve1", 303, "gamma", List.of(), null, false);
        SyncReport changed = inventory.sync();

        assertThat(changed.count(ChangeType.UPDATED)).isEqualTo(1);
        assertThat(changed.count(ChangeType.DELETED)).isEqualTo(1);
        assertThat(historyOf(inventory, "lxc/301")).containsExactly(ChangeType.DISCOVERED, ChangeType.UPDATED);
        assertThat(inventory.history(HistoryQuery.all().of("lxc/301")).items().get(1).resource().observed().properties())
                .containsEntry("maxmem", Long.toString(2048L << 20));
        assertThat(historyOf(inventory, "lxc/302")).containsExactly(ChangeType.DISCOVERED, ChangeType.DELETED);
        assertThat(historyOf(inventory, "lxc/303")).containsExactly(ChangeType.CREATED);
        assertThat(inventory.resources(InventoryQuery.all().ofType(ResourceType.TASK).onNode("pve2")).items())
                .extracting(r -> r.observed().name(), r -> r.observed().status()).contains(tuple("vzdestroy", "OK"));

        cluster.pve().setNodeStatus("pve2", "offline");
        cluster.pve().clearCalls();
        SyncReport offline = inventory.sync();

        assertThat(syncCalls()).as("no task list from a node that is offline").hasSize(2);
        assertThat(offline.staleNodes()).containsExactly("pve2");
        assertThat(offline.count(ChangeType.DELETED)).isZero();
        assertThat(inventory.resource("qemu/400").orElseThrow().stale()).isTrue();
        assertThat(inventory.resource("qemu/400").orElseThrow().observed().status()).as("last known state").isEqualTo("running");
        assertThat(historyOf(inventory, "node/pve2")).containsExactly(ChangeType.DISCOVERED, ChangeType.UPDATED);

        cluster.pve().setNodeStatus("pve2", "online");
        SyncReport back = inventory.sync();
        assertThat(back.staleNodes()).isEmpty();
        assertThat(inventory.resource("qemu/400").orElseThrow().stale()).isFalse();
        assertThat(historyOf(inventory, "qemu/400")).containsExactly(ChangeType.DISCOVERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void desiredVersusActualAndReconcileReadTheClusterThroughTheInventory(String store) {
        InventoryService inventory = start(store);
        App kept = proximity.apps().deploy(DeployRequest.of("nginx", "kept"));
        App resized = proximity.apps().deploy(DeployRequest.of("nginx", "resized"));
        App lost = proximity.apps().deploy(DeployRequest.of("nginx", "lost"));
        cluster.platform().updateConfig(resized.node(), resized.vmid(), Map.of("cores", "3"));
        cluster.pve().forgetGuest(lost.vmid());
        cluster.pve().seedContainer("pve1", 350, "stray", List.of("proximity", "proximity-e2e-inst"), null, false);

        inventory.sync();
        DriftReport drift = inventory.drift();

        assertThat(drift.missing()).extracting(DriftReport.Missing::appId).containsExactly(lost.id());
        assertThat(drift.drifted()).extracting(DriftReport.Drift::appId, DriftReport.Drift::field, DriftReport.Drift::actual)
                .containsExactly(tuple(resized.id(), "cores", "3"));
        assertThat(drift.unexplained()).extracting(DriftReport.Unexplained::vmid).containsExactly(350);
        assertThat(drift.missing()).noneMatch(missing -> missing.appId().equals(kept.id()));

        cluster.pve().clearCalls();
        ReconcileReport report = proximity.apps().reconcile();

        assertThat(report.actions(ReconcileReport.Kind.MARKED_MISSING)).extracting(ReconcileReport.Action::appId)
                .containsExactly(lost.id());
        assertThat(cluster.pve().calls("GET", "/cluster/resources")).hasSize(1);
        assertThat(cluster.pve().calls("GET", "/nodes/[^/]+/lxc")).as("no per-node container lists").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json"})
    void theInventoryAndItsHistoryMoveWithAMigrationAndVerifyIdentical(String store) throws Exception {
        InventoryService inventory = start(store);
        cluster.pve().seedContainer("pve1", 301, "alpha", List.of(), null, true);
        inventory.sync();
        cluster.platform().updateConfig("pve1", 301, Map.of("cores", "4"));
        inventory.sync();
        long snapshots = inventory.history(HistoryQuery.all()).total();
        long resources = inventory.resources(InventoryQuery.all()).total();
        proximity.close();
        proximity = null;
        String database = "jdbc:sqlite:" + directory.resolve("moved.db");

        try (var migration = dev.proximity.core.StoreMigration.between("json:" + directory.resolve("apps.json"), database)) {
            var report = migration.await(migration.start(dev.proximity.api.migration.MigrationRequest.defaults()).id());
            assertThat(report.run().status()).isEqualTo(dev.proximity.api.migration.MigrationRunStatus.COMPLETED);
            assertThat(migration.verify().isConsistent()).isTrue();
            var again = migration.await(migration.start(dev.proximity.api.migration.MigrationRequest.defaults()).id());
            assertThat(again.run().counts().created()).as("a second run copies nothing").isZero();
        }
        proximity = cluster.proximity(database).build();
        InventoryService moved = proximity.inventory();
        assertThat(moved.history(HistoryQuery.all()).total()).isEqualTo(snapshots);
        assertThat(moved.resources(InventoryQuery.all()).total()).isEqualTo(resources);
        assertThat(historyOf(moved, "lxc/301")).containsExactly(ChangeType.DISCOVERED, ChangeType.UPDATED);
        assertThat(moved.sync().writes()).as("the copied inventory is current").isZero();
    }
}
