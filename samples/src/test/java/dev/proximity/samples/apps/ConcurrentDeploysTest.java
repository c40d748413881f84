package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.PendingDeployment;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SharedPostgres;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many deploys at once against one simulator: distinct vmids and ports, all running. The PostgreSQL
 * case is also the sample of several processes sharing one database: two JVMs deploying while a third
 * reconciles ({@link AppsChildMain} is the program each runs).
 */
class ConcurrentDeploysTest {

    @TempDir
    Path directory;

    @Test
    void twentyConcurrentDeploysInOneJvm() {
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 64, 16).node("pve2", 64, 16));
             Proximity proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db"))
                     .deployExecutor(20, 0).healthTimeout(Duration.ofSeconds(20)).build()) {
            List<PendingDeployment> pending = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pending.add(proximity.apps().deployAsync(DeployRequest.of("nginx", "crowd-" + i)));
            }
            List<App> apps = pending.stream().map(p -> p.result().join()).toList();

            assertThat(apps).extracting(App::status).containsOnly(AppStatus.RUNNING);
            assertThat(apps).extracting(App::vmid).doesNotHaveDuplicates();
            assertThat(apps).extracting(App::publicPort).doesNotHaveDuplicates();
            assertThat(apps).extracting(App::internalPort).doesNotHaveDuplicates();
            assertThat(cluster.containersOf(proximity.installationId())).hasSize(20).allSatisfy(ct -> assertThat(ct.running()).isTrue());
            Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
        }
    }

    @Test
    void twoJvmsDeployingTenEachOnOnePostgresDatabaseWhileAThirdReconciles() throws Exception {
        String storeUrl = SharedPostgres.newDatabaseUrl();
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 64, 16).node("pve2", 64, 16))) {
            try (ChildJvm first = ChildJvm.start(AppsChildMain.class, directory.resolve("first.err"),
                    AppsChildMain.arguments(cluster, storeUrl, "deploy", "alpha", "10"));
                 ChildJvm second = ChildJvm.start(AppsChildMain.class, directory.resolve("second.err"),
                         AppsChildMain.arguments(cluster, storeUrl, "deploy", "beta", "10"))) {
                String seen;
                do {
                    seen = first.nextLine(Duration.ofMinutes(2));
                } while (!seen.startsWith("done "));
                // a reconcile pass in a third process while both keep deploying: in-flight deploys are not stuck, not orphans
                try (ChildJvm reconciling = ChildJvm.start(AppsChildMain.class, directory.resolve("reconcile.err"),
                        AppsChildMain.arguments(cluster, storeUrl, "reconcile"))) {
                    assertThat(reconciling.awaitExit(Duration.ofMinutes(2))).as(reconciling.stderr()).isZero();
                    assertThat(reconciling.allLines()).last().asString().startsWith("reconciled ");
                }
                assertThat(first.awaitExit(Duration.ofMinutes(3))).as(first.stderr()).isZero();
                assertThat(second.awaitExit(Duration.ofMinutes(3))).as(second.stderr()).isZero();
                assertThat(first.allLines()).filteredOn(line -> line.startsWith("done ")).hasSize(10);
                assertThat(second.allLines()).filteredOn(line -> line.startsWith("done ")).hasSize(10);
            }
            try (ProximityStore store = Stores.open(storeUrl)) {
                List<App> apps = store.read((StoreSession s) -> s.apps().listAfter(null, 100));
                String installation = store.read((StoreSession s) -> s.settings().get(SettingsRepository.INSTALLATION_ID)).orElseThrow();
                assertThat(apps).hasSize(20).extracting(App::status).containsOnly(AppStatus.RUNNING);
                assertThat(apps).extracting(App::vmid).doesNotHaveDuplicates();
                assertThat(apps).extracting(App::publicPort).doesNotHaveDuplicates();
                assertThat(cluster.containersOf(installation)).extracting(SimulatedContainer::vmid)
                        .containsExactlyInAnyOrderElementsOf(apps.stream().map(App::vmid).toList());
                Invariants.assertConsistent(store, cluster.pve(), installation);
            }
        }
    }
}
