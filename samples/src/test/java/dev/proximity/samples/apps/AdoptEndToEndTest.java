package dev.proximity.samples.apps;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DiscoveredContainer;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.AlreadyExistsException;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discover and adopt against the simulated cluster over HTTPS: what no installation manages, taken under management. */
class AdoptEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 32, 8).node("pve2", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).installationId("adopter").build();
        cluster.pve().seedContainer("pve1", 500, "blog", List.of("web"), "hand made", true);
        cluster.pve().seedContainer("pve2", 501, "wiki", List.of("proximity"), null, false);
        cluster.pve().seedContainer("pve2", 502, "elsewhere", List.of("proximity", "proximity-someone"), null, true);
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void discoveredContainersAreAdoptedAndReconcileLeavesThemAlone() {
        assertThat(proximity.apps().discover()).extracting(DiscoveredContainer::vmid, DiscoveredContainer::node)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(500, "pve1"), org.assertj.core.groups.Tuple.tuple(501, "pve2"));

        App blog = proximity.apps().adopt(AdoptRequest.of(500, "nginx"));
        App wiki = proximity.apps().adopt(new AdoptRequest(501, "adminer", "wiki", null));

        assertThat(blog.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(blog.url()).matches("http://10\\.10\\.\\d+\\.\\d+:80");
        assertThat(wiki.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(cluster.pve().container(500).orElseThrow().tags()).contains("web", "proximity", "proximity-adopter");
        assertThat(String.valueOf(cluster.pve().container(500).orElseThrow().config().get("description")))
                .contains("proximity-app: nginx-blog").contains("hand made");
        assertThatThrownBy(() -> proximity.apps().adopt(AdoptRequest.of(502, "nginx"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(proximity.apps().discover()).isEmpty();

        ReconcileReport report = proximity.apps().reconcile();
        assertThat(report.actions(ReconcileReport.Kind.ORPHAN_DESTROYED)).isEmpty();
        assertThat(cluster.pve().containers()).hasSize(3);
        Invariants.assertConsistent(proximity.store(), cluster.pve(), "adopter");
    }

    @Test
    void aRefusedTaggingLeavesTheContainerAsItWas() {
        cluster.pve().inject(Fault.on("PUT", "/nodes/pve1/lxc/500/config").times(1).respond(500, "got timeout"));

        assertThatThrownBy(() -> proximity.apps().adopt(AdoptRequest.of(500, "nginx"))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("mark");

        assertThat(cluster.pve().container(500).orElseThrow().tags()).containsExactly("web");
        assertThat(proximity.store().read((dev.proximity.api.store.StoreSession s) -> s.apps().count())).isZero();
        assertThat(proximity.store().read((dev.proximity.api.store.StoreSession s) -> s.portLeases().listAfter(0, 100))).isEmpty();
        assertThat(proximity.apps().discover()).extracting(DiscoveredContainer::vmid).contains(500);
    }
}
