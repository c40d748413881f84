package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.core.Proximity;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving an app to another node over HTTPS and SSH: the stack comes up on the target; a blocked move leaves it home. */
class MoveEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private App app;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 32, 8).node("pve2", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).build();
        app = proximity.apps().deploy(new DeployRequest("nginx", "traveller", null, "pve1", null, null, null, null));
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void theAppMovesAndItsStackAnswersOnTheTarget() {
        App moved = proximity.apps().move(app.id(), "pve2");

        assertThat(moved.node()).isEqualTo("pve2");
        assertThat(moved.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(moved.url()).isNotNull();
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().node()).isEqualTo("pve2");
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().running()).isTrue();
        assertThat(proximity.apps().reconcile().actions()).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aLocalBindMountBlocksTheMoveAndTheAppStaysRunningAtHome() {
        proximity.apps().stop(app.id());
        cluster.platform().updateConfig("pve1", app.vmid(), Map.of("mp0", "/srv/app-data,mp=/data"));
        proximity.apps().start(app.id());

        assertThatThrownBy(() -> proximity.apps().move(app.id(), "pve2")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("cannot migrate local bind mount point 'mp0'");

        App after = proximity.apps().get(app.id());
        assertThat(after.node()).isEqualTo("pve1");
        assertThat(after.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().running()).isTrue();
        assertThat(proximity.apps().logs(app.id())).anySatisfy(entry -> assertThat(entry.message()).contains("still on node pve1"));
    }
}
