package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backups over HTTPS and SSH against the simulated cluster: vzdump's archive found on the storage,
 * the app's files brought back by a restore over its stopped container and copied into a new app,
 * lost answers and failed tasks settled from the storage, the user's other archives untouched.
 */
class BackupEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private AppBackups backups;
    private ContainerPlatform platform;
    private App app;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 32, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).actionLockWait(Duration.ofSeconds(5))
                .build();
        backups = proximity.backups();
        platform = cluster.platform();
        app = proximity.apps().deploy(DeployRequest.of("nginx", "web"));
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    /** The page the app serves, as a file on the simulated container's disk. */
    private Path page(App of) {
        return cluster.pve().container(of.vmid()).orElseThrow().disk()
                .resolve(("/opt/proximity/" + of.id() + "/volumes/nginx_data/index.html").substring(1));
    }

    private List<String> archives(App of) {
        return platform.backups(of.node(), "local", of.vmid()).stream().map(BackupVolume::volume).toList();
    }

    @Test
    void aBackupIsRestoredOverTheStoppedAppAndAsANewApp() throws IOException {
        Files.createDirectories(page(app).getParent());
        Files.writeString(page(app), "version one");

        AppBackup backup = backups.create(new BackupRequest(app.id(), BackupMode.SNAPSHOT, BackupCompression.ZSTD, null));

        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(backup.volume()).startsWith("local:backup/vzdump-lxc-" + app.vmid() + "-").endsWith(".tar.zst");
        assertThat(archives(app)).containsExactly(backup.volume());
        assertThat(cluster.pve().calls("POST", "/nodes/pve/vzdump")).singleElement()
                .satisfies(call -> assertThat(call.params()).containsEntry("remove", "0"));

        Files.writeString(page(app), "version two");
        proximity.apps().stop(app.id());
        App restored = backups.restore(backup.id());

        assertThat(restored.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(Files.readString(page(app))).isEqualTo("version one");
        assertThat(proximity.apps().start(app.id()).status()).isEqualTo(AppStatus.RUNNING);

        App copy = backups.restoreAsNew(backup.id(), "web-copy");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(copy.vmid()).isNotEqualTo(app.vmid());
        assertThat(cluster.pve().container(copy.vmid()).orElseThrow().hostname()).isEqualTo("web-copy");
        assertThat(Files.readString(page(copy))).isEqualTo("version one");
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void manyBackupsAreAllKeptAndDeletingOneDeletesOnlyItsArchive() {
        for (int i = 0; i < 5; i++) {
            backups.create(BackupRequest.of(app.id()));
        }
        List<AppBackup> all = backups.list(app.id());
        assertThat(all).hasSize(5);
        assertThat(archives(app)).hasSize(5);

        backups.delete(all.get(0).id());

        assertThat(archives(app)).hasSize(4).doesNotContain(all.get(0).volume());
        assertThat(backups.list(app.id())).hasSize(4);
    }

    @Test
    void stopModeStopsTheContainerForTheBackupAndStartsItAgain() {
        AppBackup backup = backups.create(new BackupRequest(app.id(), BackupMode.STOP, BackupCompression.GZIP, "local"));

        assertThat(backup.volume()).endsWith(".tar.gz");
        assertThat(cluster.pve().container(app.vmid()).orElseThrow().running()).isTrue();
        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void aRunningAppIsNeverRestoredOver() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThatThrownBy(() -> backups.restore(backup.id())).isInstanceOf(InvalidTransitionException.class);
        assertThat(cluster.pve().calls("POST", "/nodes/pve/lxc")).hasSize(1);
    }

    @Test
    void aLostVzdumpAnswerIsSettledFromTheStorage() {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/vzdump").times(1).dropConnectionAfterProcessing());

        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(archives(app)).containsExactly(backup.volume());
    }

    @Test
    void aFailedVzdumpTaskLeavesAFailedRecordAndNoArchive() {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/vzdump").times(1).failTask("job errors"));

        assertThatThrownBy(() -> backups.create(BackupRequest.of(app.id()))).isInstanceOf(OperationFailedException.class);

        assertThat(backups.list(app.id())).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo(BackupStatus.FAILED));
        assertThat(archives(app)).isEmpty();
        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void deletingTheAppDeletesItsArchives() {
        backups.create(BackupRequest.of(app.id()));
        backups.create(BackupRequest.of(app.id()));
        int vmid = app.vmid();

        proximity.apps().delete(app.id());

        assertThat(platform.backups("pve", "local", vmid)).isEmpty();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void anUpdateOnStorageWithoutSnapshotsIsGuardedByABackup() {
        proximity.close();
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("dir.db"))
                .containerDefaults(dev.proximity.core.ContainerDefaults.defaults().withStorage("local")).build();
        App onDirectory = proximity.apps().deploy(DeployRequest.of("nginx", "plain"));

        App updated = proximity.apps().update(onDirectory.id());

        assertThat(updated.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(cluster.pve().calls("POST", "/nodes/pve/vzdump")).hasSize(1);
        assertThat(archives(onDirectory)).isEmpty();
        assertThat(proximity.backups().list(onDirectory.id())).isEmpty();
    }

    @Test
    void aRestoreThatFailsWhileExtractingIsReportedAndARetryFromAGoodArchiveBringsTheAppBack() throws IOException {
        Files.createDirectories(page(app).getParent());
        Files.writeString(page(app), "good");
        AppBackup good = backups.create(BackupRequest.of(app.id()));
        AppBackup damaged = backups.create(BackupRequest.of(app.id()));
        cluster.pve().damageBackup("pve", damaged.volume());
        proximity.apps().stop(app.id());

        assertThatThrownBy(() -> backups.restore(damaged.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("exit code 2");

        assertThat(proximity.apps().get(app.id()).status()).isEqualTo(AppStatus.ERROR);
        assertThat(cluster.pve().container(app.vmid())).isEmpty();

        App back = backups.restore(good.id());

        assertThat(back.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(Files.readString(page(app))).isEqualTo("good");
        assertThat(proximity.apps().start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
    }

    @Test
    void aStaleLockIsReportedNeverForced() {
        cluster.pve().lock(app.vmid(), "backup");

        assertThatThrownBy(() -> backups.create(BackupRequest.of(app.id()))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("locked");

        cluster.pve().lock(app.vmid(), null);
        proximity.apps().reconcile();
        assertThat(backups.list(app.id())).noneMatch(b -> b.status().isTransitional());
        assertThat(archives(app)).isEmpty();
    }
}
