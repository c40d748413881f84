package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.error.ProximityException;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every operation meeting a container lock that no task holds (a crashed task's leftover) over
 * HTTPS and SSH: it reports the lock and never forces through; nothing of it is left once the
 * lock is cleared and reconcile has run, and the app is as it was.
 */
class LockHeldEndToEndTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} meets a stale lock")
    @ValueSource(strings = {"clone", "update", "move", "resize", "snapshot", "rollback", "backup", "restore"})
    void anOperationReportsAStaleLockAndLeavesNothingBehind(String operation) {
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 32, 8).node("pve2", 32, 8));
             Proximity proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db"))
                     .actionLockWait(Duration.ofSeconds(2)).stuckAfter(Duration.ZERO).build()) {
            App app = proximity.apps().deploy(new DeployRequest("nginx", "held", null, "pve", null, null, null, null));
            String snapshot = operation.equals("rollback") ? proximity.snapshots().create(app.id(), "known-good", null).name() : null;
            String backup = operation.equals("restore") ? proximity.backups().create(BackupRequest.of(app.id())).id() : null;
            if (operation.equals("restore")) {
                proximity.apps().stop(app.id());
            }
            AppStatus before = proximity.apps().get(app.id()).status();
            List<Integer> containersBefore = cluster.pve().containers().stream().map(SimulatedContainer::vmid).toList();
            cluster.pve().lock(app.vmid(), "backup");

            assertThatThrownBy(() -> {
                switch (operation) {
                    case "clone" -> proximity.apps().clone(app.id(), "held-copy");
                    case "update" -> proximity.apps().update(app.id());
                    case "move" -> proximity.apps().move(app.id(), "pve2");
                    case "resize" -> proximity.apps().resize(app.id(), new ResizeRequest(2, 1024, null));
                    case "snapshot" -> proximity.snapshots().create(app.id(), "blocked", null);
                    case "rollback" -> proximity.snapshots().rollback(app.id(), snapshot);
                    case "backup" -> proximity.backups().create(BackupRequest.of(app.id()));
                    case "restore" -> proximity.backups().restore(backup);
                    default -> throw new IllegalArgumentException(operation);
                }
            }).isInstanceOf(ProximityException.class).hasMessageContaining("locked");

            SimulatedContainer container = cluster.pve().container(app.vmid()).orElseThrow();
            assertThat(container.lock()).as("never forced").isEqualTo("backup");
            assertThat(container.node()).isEqualTo("pve");
            cluster.pve().lock(app.vmid(), null);
            proximity.apps().reconcile();

            Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
            assertThat(cluster.pve().containers().stream().map(SimulatedContainer::vmid).toList()).isEqualTo(containersBefore);
            App after = proximity.apps().get(app.id());
            assertThat(after.status()).isIn(before, AppStatus.ERROR);
            if (after.status() == AppStatus.ERROR) {
                // an action that may have changed the container marks it error; the container tells the truth
                assertThat(container.running()).isEqualTo(before == AppStatus.RUNNING);
            }
            assertThat(cluster.platform().snapshots("pve", app.vmid())).noneMatch(s -> s.name().startsWith("proximity-"));
            assertThat(proximity.store().read((dev.proximity.api.store.StoreSession s) -> s.backups().after(null, 100)))
                    .noneMatch(b -> b.status().isTransitional());
        }
    }
}
