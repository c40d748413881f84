package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ssh.ExecFault;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Updating over HTTPS and SSH: pull, up, health behind a restore point; failures roll back to it. */
class UpdateEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private App app;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).build();
        app = proximity.apps().deploy(DeployRequest.of("nginx", "site"));
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void anUpdateRunsBehindARestorePointThatIsDeletedAfterwards() {
        App updated = proximity.apps().update(app.id());

        assertThat(updated.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(cluster.pve().calls("POST", "/nodes/pve/lxc/" + app.vmid() + "/snapshot")).hasSize(1);
        assertThat(proximity.snapshots().list(app.id())).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aFailedPullIsRolledBackAndTheAppAnswersAgain() {
        cluster.ssh("pve").inject(ExecFault.whenScriptContains(" pull").times(1).exit(1, "manifest for nginx:latest not found"));

        assertThatThrownBy(() -> proximity.apps().update(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.undone()).isTrue());

        App after = proximity.apps().get(app.id());
        assertThat(after.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(cluster.pve().calls("POST", "/nodes/pve/lxc/" + app.vmid() + "/snapshot/.*/rollback")).hasSize(1);
        assertThat(proximity.snapshots().list(app.id())).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aFailedRollbackIsUpdateFailedWithTheRestorePointKept() {
        cluster.ssh("pve").inject(ExecFault.whenScriptContains(" pull").times(1).exit(1, "manifest unknown"));
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/snapshot/.*/rollback").times(5).respond(500, "volume busy"));

        assertThatThrownBy(() -> proximity.apps().update(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.undone()).isFalse());

        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.UPDATE_FAILED);
        assertThat(proximity.snapshots().list(app.id())).hasSize(1);
    }
}
