package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.ContainerSnapshot;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM running clone, update, move, backup, restore (as a new app or over the app), backup delete,
 * resize, snapshot, rollback or adopt over HTTPS and SSH is killed with
 * SIGKILL right after each of the operation's steps, then a fresh instance reconciles: the store
 * and the cluster agree (no orphan container or lease, no app stuck), no temporary snapshot is
 * left, no backup is left transitional and every completed backup has its archive, and the source
 * app runs. Each case has its own store, so its own installation, on one shared simulated cluster.
 */
class OperationsCrashMatrixTest {

    @TempDir
    static Path directory;
    private static SimulatedCluster cluster;
    private static final AtomicInteger CASES = new AtomicInteger();

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 64, 8).node(AppsChildMain.SECOND_NODE, 64, 8));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String step : List.of("init", "intent", "vmid", "snapshot_create", "clone", "snapshot_delete", "lxc_start", "relocate",
                "app_deploy", "health", "url", "complete")) {
            cases.add(Arguments.of("clone", step));
        }
        for (String step : List.of("restore_point", "stack_pull", "app_deploy", "health", "url", "snapshot_delete")) {
            cases.add(Arguments.of("update", step));
        }
        for (String step : List.of("migrate", "stack_rebase", "app_deploy", "health", "url")) {
            cases.add(Arguments.of("move", step));
        }
        for (String step : List.of("backup_record", "backup_create", "backup_find")) {
            cases.add(Arguments.of("backup", step));
        }
        for (String step : List.of("init", "intent", "vmid", "backup_restore", "lxc_start", "relocate", "app_deploy", "health", "url",
                "complete")) {
            cases.add(Arguments.of("restore-as-new", step));
        }
        for (String step : List.of("locate", "backup_restore")) {
            cases.add(Arguments.of("restore", step));
        }
        cases.add(Arguments.of("delete-backup", "backup_delete"));
        for (String step : List.of("resize_config", "resize_disk")) {
            cases.add(Arguments.of("resize", step));
        }
        cases.add(Arguments.of("snapshot", "snapshot_create"));
        for (String step : List.of("snapshot_rollback", "app_deploy", "health", "url")) {
            cases.add(Arguments.of("rollback", step));
        }
        for (String step : List.of("adopt", "intent", "mark", "settle")) {
            cases.add(Arguments.of("adopt", step));
        }
        return cases.stream();
    }

    private static Proximity.Builder instance(String storeUrl) {
        return cluster.proximity(storeUrl).appDirectory(AppsChildMain.SECOND_NODE, AppsChildMain.SECOND_NODE_APP_DIRECTORY)
                .stuckAfter(Duration.ZERO);
    }

    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "{0} killed after {1}")
    @MethodSource("cases")
    void anOperationKilledAfterAnyStepIsSettledByAFreshReconcile(String operation, String step) throws Exception {
        int n = CASES.incrementAndGet();
        String storeUrl = "jdbc:sqlite:" + directory.resolve("case-" + n + ".db");
        String hostname = "src" + n;
        String argument;
        App source;
        int stray = 5000 + n;
        try (Proximity before = instance(storeUrl).build()) {
            source = before.apps().deploy(new DeployRequest("nginx", hostname, null, "pve", null, null, null, null));
            argument = switch (operation) {
                case "clone" -> hostname + "-copy";
                case "move" -> AppsChildMain.SECOND_NODE;
                case "restore-as-new", "delete-backup" -> before.backups().create(BackupRequest.of(source.id())).id();
                case "restore" -> {
                    String backup = before.backups().create(BackupRequest.of(source.id())).id();
                    before.apps().stop(source.id());
                    yield backup;
                }
                case "rollback" -> before.snapshots().create(source.id(), "known-good", null).name();
                default -> null;
            };
        }
        if (operation.equals("adopt")) {
            cluster.pve().seedContainer("pve", stray, "stray" + n, List.of(), null, true);
        }
        List<String> command = new ArrayList<>(List.of("operate", operation,
                operation.equals("adopt") ? Integer.toString(stray) : source.id()));
        if (argument != null) {
            command.add(argument);
        }
        command.add("pause-at=" + step);
        try (ChildJvm operating = ChildJvm.start(AppsChildMain.class, directory.resolve("operate-" + n + ".err"),
                AppsChildMain.arguments(cluster, storeUrl, command.toArray(String[]::new)))) {
            String line;
            do {
                line = operating.nextLine(Duration.ofSeconds(60));
            } while (!line.equals("ready"));
            do {
                line = operating.nextLine(Duration.ofSeconds(60));
            } while (!line.equals("step " + step));
            operating.kill();
        }

        try (Proximity after = instance(storeUrl).build()) {
            after.apps().reconcile();

            Invariants.assertConsistent(after.store(), cluster.pve(), after.installationId());
            for (SimulatedContainer container : cluster.containersOf(after.installationId())) {
                assertThat(cluster.platform().snapshots(container.node(), container.vmid())).extracting(ContainerSnapshot::name)
                        .as("temporary snapshots of CT " + container.vmid()).noneMatch(name -> name.startsWith("proximity-"));
            }
            List<AppBackup> backups = after.store().read((StoreSession s) -> s.backups().after(null, 1000));
            assertThat(backups).noneMatch(backup -> backup.status().isTransitional());
            for (AppBackup backup : backups.stream().filter(b -> b.volume() != null).toList()) {
                ContainerPlatform platform = cluster.platform();
                assertThat(platform.backups(backup.node(), backup.storage(), backup.vmid()))
                        .as("the archive of backup " + backup.id()).anyMatch(v -> v.volume().equals(backup.volume()));
            }
            App sourceAfter = after.apps().get(source.id());
            assertThat(sourceAfter.status()).as("the source app")
                    .isEqualTo(operation.equals("restore") ? AppStatus.STOPPED : AppStatus.RUNNING);
            String base = cluster.pve().container(sourceAfter.vmid()).map(SimulatedContainer::node)
                    .map(node -> node.equals(AppsChildMain.SECOND_NODE) ? AppsChildMain.SECOND_NODE_APP_DIRECTORY : "/opt/proximity")
                    .orElseThrow();
            assertThat(sourceAfter.volumes()).as("the stack lives under its node's base")
                    .allMatch(volume -> volume.startsWith(base + "/" + source.id() + "/"));
            assertThat(Objects.requireNonNull(sourceAfter.node())).isEqualTo(cluster.pve().container(sourceAfter.vmid())
                    .orElseThrow().node());
        }
    }
}
