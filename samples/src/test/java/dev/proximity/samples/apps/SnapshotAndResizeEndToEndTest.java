package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppSnapshot;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots and resizes of an app's container over HTTPS and SSH: a restore point, a rollback that
 * brings the stack back, a resize that grows the disk, and faults that leave nothing behind.
 */
class SnapshotAndResizeEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private AppSnapshots snapshots;
    private App app;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).actionLockWait(Duration.ofSeconds(5))
                .build();
        snapshots = proximity.snapshots();
        app = proximity.apps().deploy(DeployRequest.of("nginx", "web"));
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void aRestorePointBringsBackTheConfigurationAndTheRunningStack() {
        snapshots.create(app.id(), "before-tuning", "known good");
        cluster.platform().updateConfig(app.node(), app.vmid(), Map.of("memory", "3072"));

        App rolledBack = snapshots.rollback(app.id(), "before-tuning");

        assertThat(rolledBack.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(rolledBack.url()).isNotNull();
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().memoryMb()).isNotEqualTo(3072);
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().running()).isTrue();
        assertThat(snapshots.list(app.id())).extracting(AppSnapshot::name).containsExactly("before-tuning");
        snapshots.delete(app.id(), "before-tuning");
        assertThat(snapshots.list(app.id())).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aLostAnswerLeavesNoSnapshotBehind() {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/snapshot").times(1).dropConnectionAfterProcessing());

        assertThatThrownBy(() -> snapshots.create(app.id(), "ghost", null)).isInstanceOf(OperationFailedException.class);

        assertThat(snapshots.list(app.id())).isEmpty();
        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(proximity.apps().logs(app.id())).anySatisfy(entry -> assertThat(entry.step()).isEqualTo("snapshot_undo"));
    }

    @Test
    void aFailedSnapshotTaskChangesNothing() {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/snapshot").times(1)
                .failTask("snapshot 'broken' failed: lvcreate 'pve/snap_vm-100-disk-0_broken' error"));

        assertThatThrownBy(() -> snapshots.create(app.id(), "broken", null)).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("lvcreate");

        assertThat(snapshots.list(app.id())).isEmpty();
        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().lock()).isNull();
    }

    @Test
    void aResizeChangesTheContainerAndTheRecordAndAFailedDiskStepSetsItBack() {
        App resized = proximity.apps().resize(app.id(), new dev.proximity.api.app.ResizeRequest(2, 1024, 12));

        var container = cluster.pve().container(app.vmid()).orElseThrow();
        assertThat(container.cores()).isEqualTo(2);
        assertThat(container.memoryMb()).isEqualTo(1024);
        assertThat(String.valueOf(container.config().get("rootfs"))).endsWith("size=12G");
        assertThat(resized.config()).containsEntry("cores", 2).containsEntry("memory", 1024);

        cluster.pve().inject(Fault.on("PUT", "/nodes/pve/lxc/\\d+/resize").times(1).failTask("lvextend: insufficient free space"));
        assertThatThrownBy(() -> proximity.apps().resize(app.id(), new dev.proximity.api.app.ResizeRequest(4, 2048, 40)))
                .isInstanceOf(OperationFailedException.class);
        container = cluster.pve().container(app.vmid()).orElseThrow();
        assertThat(container.cores()).isEqualTo(2);
        assertThat(container.memoryMb()).isEqualTo(1024);
        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }
}
