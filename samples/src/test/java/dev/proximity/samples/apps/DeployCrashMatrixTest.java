package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM deploying is killed with SIGKILL right after each step (it pauses there, so the kill lands
 * exactly between that step and the next), then a fresh JVM runs reconcile:
 * no orphan container, no leaked port, no app stuck. The deploy's process is gone, so its app lock
 * went with it, and the reconciling JVM resolves the recorded intent at once.
 */
class DeployCrashMatrixTest {

    @TempDir
    Path directory;

    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "killed after {0}")
    @ValueSource(strings = {"init", "node", "intent", "vmid", "lxc_create", "lxc_start", "docker_setup", "app_deploy", "health",
            "url", "complete"})
    void aDeployKilledAfterAnyStepIsCleanedUpByAFreshReconcile(String step) throws Exception {
        String storeUrl = "jdbc:sqlite:" + directory.resolve("proximity.db");
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve)) {
            try (ChildJvm deploying = ChildJvm.start(AppsChildMain.class, directory.resolve("deploy.err"),
                    AppsChildMain.arguments(cluster, storeUrl, "deploy", "crashy", "1", "pause-at=" + step))) {
                String line;
                do {
                    line = deploying.nextLine(Duration.ofSeconds(60));
                } while (!line.equals("step " + step));
                deploying.kill();
            }
            try (ChildJvm reconciling = ChildJvm.start(AppsChildMain.class, directory.resolve("reconcile.err"),
                    AppsChildMain.arguments(cluster, storeUrl, "reconcile"))) {
                assertThat(reconciling.awaitExit(Duration.ofSeconds(60))).as(reconciling.stderr()).isZero();
                assertThat(reconciling.allLines()).last().asString().startsWith("reconciled ");
            }

            try (ProximityStore store = Stores.open(storeUrl)) {
                String installation = store.read((StoreSession s) -> s.settings().get(SettingsRepository.INSTALLATION_ID)).orElse("none");
                Invariants.assertConsistent(store, cluster.pve(), installation);
                List<App> apps = store.read((StoreSession s) -> s.apps().listAfter(null, 10));
                assertThat(apps).allSatisfy(app -> assertThat(app.status()).isEqualTo(AppStatus.RUNNING));
                assertThat(cluster.containersOf(installation)).hasSize(apps.size());
            }
        }
    }
}
