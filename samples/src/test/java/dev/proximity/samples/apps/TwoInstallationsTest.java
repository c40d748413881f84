package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two installations share one cluster: neither's reconcile touches the other's containers. */
class TwoInstallationsTest {

    @TempDir
    Path directory;

    @Test
    void eachReconcileDestroysOnlyItsOwnOrphans() {
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve);
             Proximity first = cluster.proximity("jdbc:sqlite:" + directory.resolve("first.db")).installationId("first").build();
             Proximity second = cluster.proximity("json:" + directory.resolve("second/apps.json")).installationId("second").build()) {
            App mine = first.apps().deploy(DeployRequest.of("nginx", "first-app"));
            App theirs = second.apps().deploy(DeployRequest.of("nginx", "second-app"));
            int firstOrphan = orphan(cluster, "first", "nginx-lost-one");
            int secondOrphan = orphan(cluster, "second", "nginx-lost-two");
            int usersOwn = cluster.platform().nextFreeVmid();
            cluster.platform().createContainer("pve", new ContainerSpec(usersOwn, "handmade", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                    1, 512, 0, null, null, null, true, null, null, false, "not Proximity's", List.of()));

            ReconcileReport report = first.apps().reconcile();

            assertThat(report.actions(ReconcileReport.Kind.ORPHAN_DESTROYED)).extracting(ReconcileReport.Action::vmid)
                    .containsExactly(firstOrphan);
            assertThat(cluster.pve().containers()).extracting(SimulatedContainer::vmid)
                    .containsExactlyInAnyOrder(mine.vmid(), theirs.vmid(), secondOrphan, usersOwn);
            assertThat(report.actions()).noneSatisfy(action -> assertThat(action.vmid()).isIn(theirs.vmid(), secondOrphan, usersOwn));

            second.apps().reconcile();
            assertThat(cluster.pve().containers()).extracting(SimulatedContainer::vmid)
                    .containsExactlyInAnyOrder(mine.vmid(), theirs.vmid(), usersOwn);
            Invariants.assertConsistent(first.store(), cluster.pve(), "first");
            Invariants.assertConsistent(second.store(), cluster.pve(), "second");
        }
    }

    /** A container as a crashed deploy of that installation would leave it: marked, with no record. */
    private static int orphan(SimulatedCluster cluster, String installation, String appId) {
        int vmid = cluster.platform().nextFreeVmid();
        cluster.platform().createContainer("pve", new ContainerSpec(vmid, appId.replace("nginx-", ""),
                "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", 1, 512, 0, null, null, null, true, null, null, false,
                "proximity-installation: " + installation + "\nproximity-app: " + appId + "\n",
                List.of("proximity", "proximity-" + installation)));
        return vmid;
    }
}
