package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
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

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cloning over HTTPS and SSH: the copy runs its own stack on its own ports; a failed clone leaves only the source. */
class CloneEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private App source;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).build();
        source = proximity.apps().deploy(DeployRequest.of("nginx", "original"));
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void theCopyRunsItsOwnStackOnNewPortsAndTheSourceIsUntouched() throws Exception {
        App copy = proximity.apps().clone(source.id(), "copy");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        Path disk = cluster.pve().container(copy.vmid()).orElseThrow().disk();
        assertThat(disk.resolve("opt/proximity/nginx-original")).doesNotExist();
        assertThat(Files.readString(disk.resolve("opt/proximity/nginx-copy/docker-compose.yml")))
                .contains("\"" + copy.internalPort() + ":80\"").contains("/opt/proximity/nginx-copy/volumes/nginx_data");
        Path sourceDisk = cluster.pve().container(source.vmid()).orElseThrow().disk();
        assertThat(sourceDisk.resolve("opt/proximity/nginx-original/docker-compose.yml")).exists();
        assertThat(cluster.pve().container(source.vmid()).orElseThrow().running()).isTrue();
        assertThat(cluster.pve().calls("DELETE", "/nodes/pve/lxc/" + source.vmid() + "/snapshot/proximity-clone-.*")).hasSize(1);
        assertThat(proximity.snapshots().list(source.id())).isEmpty();
        assertThat(proximity.apps().get(source.id())).isEqualTo(source);
        assertThat(proximity.apps().reconcile().actions()).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aFailedCloneTaskLeavesNoCopyNoLeaseNoSnapshot() {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/clone").times(1).failTask("clone failed: out of space"));

        assertThatThrownBy(() -> proximity.apps().clone(source.id(), "copy")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("out of space");

        assertThat(cluster.pve().containers()).hasSize(1);
        assertThat(proximity.snapshots().list(source.id())).isEmpty();
        assertThat(proximity.apps().find(dev.proximity.api.app.AppQuery.all()).items()).extracting(App::id)
                .containsExactly(source.id());
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }
}
