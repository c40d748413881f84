package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.proximity.core.app.DeployFailureTest.noAnswer;
import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups of an app's container: taken, found, listed, restored, deleted; every failure settled from the storage. */
class BackupTest extends AppServiceTestBase {

    private App app;
    private AppBackups backups;

    @BeforeEach
    void deployOne() {
        app = apps.deploy(DeployRequest.of("nginx", "keeper"));
        backups = proximity.backups();
    }

    private List<AppBackup> stored() {
        return store.read((StoreSession s) -> s.backups().after(null, 1000));
    }

    @Test
    void aBackupIsRecordedRunAndItsArchiveFoundByListingTheStorage() {
        AppBackup backup = backups.create(new BackupRequest(app.id(), BackupMode.STOP, BackupCompression.GZIP, "backup-nfs"));

        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(backup.volume()).startsWith("backup-nfs:backup/vzdump-lxc-" + app.vmid() + "-").endsWith(".tar.gz");
        assertThat(backup.sizeBytes()).isPositive();
        assertThat(backup.mode()).isEqualTo(BackupMode.STOP);
        assertThat(platform.archives()).containsExactly(backup.volume());
        assertThat(platform.calls()).contains("backup pve " + app.vmid() + " stop gzip backup-nfs");
        assertThat(backups.list(app.id())).containsExactly(backup);
        assertThat(backups.get(backup.id())).isEqualTo(backup);
        assertThat(steps(apps.logs(app.id()))).contains("backup_record", "backup_create", "backup_find");
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void defaultsAreSnapshotModeZstdAndTheConfiguredStorage() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThat(backup.mode()).isEqualTo(BackupMode.SNAPSHOT);
        assertThat(backup.compression()).isEqualTo(BackupCompression.ZSTD);
        assertThat(backup.storage()).isEqualTo("local");
        assertThat(backup.volume()).endsWith(".tar.zst");
    }

    @Test
    void backupsListOldestFirstAndAnotherAppsArchivesAreNeverClaimed() {
        App other = apps.deploy(DeployRequest.of("nginx", "other"));
        AppBackup first = backups.create(BackupRequest.of(app.id()));
        backups.create(BackupRequest.of(other.id()));
        AppBackup second = backups.create(BackupRequest.of(app.id()));

        assertThat(backups.list(app.id())).containsExactly(first, second);
        assertThat(second.volume()).isNotEqualTo(first.volume());
        assertThat(backups.list(other.id())).singleElement().satisfies(b -> assertThat(b.vmid()).isEqualTo(other.vmid()));
    }

    @Test
    void aRefusedOrFailedVzdumpIsRecordedAsFailedAndLeavesNoArchive() {
        platform.fail("backup", 1, () -> task("job errors"));

        assertThatThrownBy(() -> backups.create(BackupRequest.of(app.id()))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("job errors");

        assertThat(stored()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(b.volume()).isNull();
        });
        assertThat(platform.archives()).isEmpty();
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        AppBackup failed = stored().get(0);
        backups.delete(failed.id());
        assertThat(stored()).isEmpty();
    }

    @Test
    void aLostAnswerHidesAFinishedBackupWhichTheStorageReveals() {
        platform.failAfterEffect("backup", 1, () -> noAnswer("POST /nodes/pve/vzdump"));

        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(platform.archives()).containsExactly(backup.volume());
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.message()).contains("hid a finished backup"));
    }

    @Test
    void aListingThatFailsAfterTheTaskIsRetriedOnceTheContainerIsFree() {
        platform.fail("backups", 1, () -> refused(500, "storage 'local' is not online"));

        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(stored()).containsExactly(backup);
    }

    @Test
    void whenTheStorageCannotBeReadTheBackupStaysCreatingAndReconcileSettlesIt() {
        platform.failAfterEffect("backup", 1, () -> noAnswer("POST /nodes/pve/vzdump"));
        platform.fail("backups", 1, () -> refused(500, "storage 'local' is not online"));

        assertThatThrownBy(() -> backups.create(BackupRequest.of(app.id()))).isInstanceOf(OperationFailedException.class);
        assertThat(stored()).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo(BackupStatus.CREATING));

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions(ReconcileReport.Kind.BACKUP_SETTLED)).hasSize(1);
        assertThat(stored()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(platform.archives()).containsExactly(b.volume());
        });
    }

    @Test
    void aBackupThatMetALockIsSettledOnceTheLockIsGone() throws Exception {
        platform.setLock(app.vmid(), "backup");
        platform.fail("backup", 1, () -> task("ERROR: Backup of VM " + app.vmid() + " failed - CT is locked (backup)"));
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            platform.setLock(app.vmid(), null);
        });
        release.start();

        assertThatThrownBy(() -> backups.create(BackupRequest.of(app.id()))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("locked");
        release.join();

        assertThat(stored()).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo(BackupStatus.FAILED));
        assertThat(platform.archives()).isEmpty();
    }

    @Test
    void deletingABackupDeletesItsArchiveAndRecord() {
        AppBackup kept = backups.create(BackupRequest.of(app.id()));
        AppBackup gone = backups.create(BackupRequest.of(app.id()));

        backups.delete(gone.id());

        assertThat(platform.archives()).containsExactly(kept.volume());
        assertThat(backups.list(app.id())).containsExactly(kept);
        assertThatThrownBy(() -> backups.get(gone.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> backups.delete(gone.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRefusedDeleteKeepsTheBackupAndALostAnswerThatDeletedItTakesTheRecord() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        platform.fail("deleteVolume", 1, () -> refused(500, "volume is protected"));

        assertThatThrownBy(() -> backups.delete(backup.id())).isInstanceOf(OperationFailedException.class);
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(platform.archives()).containsExactly(backup.volume());

        platform.failAfterEffect("deleteVolume", 1, () -> noAnswer("DELETE /nodes/pve/storage/local/content"));
        backups.delete(backup.id());
        assertThat(stored()).isEmpty();
        assertThat(platform.archives()).isEmpty();
    }

    @Test
    void anArchiveDeletedBehindTheBackTakesOnlyTheRecord() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        platform.deleteArchiveBehindTheBack(backup.volume());

        backups.delete(backup.id());

        assertThat(stored()).isEmpty();
        assertThat(platform.calls("deleteVolume")).isZero();
    }

    @Test
    void aRestoreBringsBackTheContainerOfAStoppedAppAndKeepsItStopped() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        platform.updateConfig("pve", app.vmid(), Map.of("memory", "4096"));
        apps.stop(app.id());

        App restored = backups.restore(backup.id());

        assertThat(restored.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(restored.vmid()).isEqualTo(app.vmid());
        assertThat(restored.publicPort()).isEqualTo(app.publicPort());
        assertThat(platform.containersById().get(app.vmid()).config()).doesNotContainEntry("memory", "4096");
        assertThat(platform.containersById().get(app.vmid()).running()).isFalse();
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(apps.start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void aRunningAppIsNeverRestoredOver() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        assertThatThrownBy(() -> backups.restore(backup.id())).isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("stopped");
        assertThat(platform.calls("restore")).isZero();
    }

    @Test
    void aFailedRestoreLeavesTheAppAndTheBackupAsTheyWere() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        apps.stop(app.id());
        platform.fail("restore", 1, () -> task("unable to restore CT: no space left on device"));

        assertThatThrownBy(() -> backups.restore(backup.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("no space left");

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(platform.containersById()).containsKey(app.vmid());
    }

    @Test
    void aBackupRestoredAsANewAppGetsItsOwnContainerPortsAndMarker() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));

        App copy = backups.restoreAsNew(backup.id(), "keeper-copy");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(copy.hostname()).isEqualTo("keeper-copy");
        assertThat(copy.vmid()).isNotEqualTo(app.vmid());
        assertThat(copy.publicPort()).isNotEqualTo(app.publicPort());
        Map<String, String> config = platform.containersById().get(copy.vmid()).config();
        assertThat(config).containsEntry("hostname", "keeper-copy");
        assertThat(config.get("description")).contains(copy.id()).doesNotContain(app.id() + "\n");
        assertThat(guest.stackUp(copy.vmid())).isTrue();
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThatThrownBy(() -> backups.restoreAsNew(backup.id(), "keeper-copy")).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void aFailedRestoreAsNewLeavesNothingOfTheNewApp() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        platform.fail("start", 1, () -> task("startup for container failed"));
        int containersBefore = platform.containersById().size();
        int leasesBefore = leases().size();

        assertThatThrownBy(() -> backups.restoreAsNew(backup.id(), "doomed")).isInstanceOf(OperationFailedException.class);

        assertThat(platform.containersById()).hasSize(containersBefore);
        assertThat(leases()).hasSize(leasesBefore);
        assertThat(records()).extracting(App::id).containsExactly(app.id());
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void deletingAnAppDeletesItsBackups() {
        backups.create(BackupRequest.of(app.id()));
        backups.create(BackupRequest.of(app.id()));

        apps.delete(app.id());

        assertThat(stored()).isEmpty();
        assertThat(platform.archives()).isEmpty();
    }

    @Test
    void reconcileSettlesWhatACrashLeft() {
        AppBackup done = backups.create(BackupRequest.of(app.id()));
        Instant now = Instant.now();
        // a crash after vzdump, before the archive was recorded
        platform.backup("pve", app.vmid(), BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", Duration.ZERO);
        AppBackup creatingWithArchive = new AppBackup("b-1-crash", app.id(), "pve", app.vmid(), "local", null, 0,
                BackupMode.SNAPSHOT, BackupCompression.ZSTD, BackupStatus.CREATING, now, now);
        // a crash before vzdump ran
        AppBackup creatingWithout = new AppBackup("b-2-crash", app.id(), "pve", app.vmid(), "backup-nfs", null, 0,
                BackupMode.SNAPSHOT, BackupCompression.ZSTD, BackupStatus.CREATING, now, now);
        // a crash in the middle of a delete, and of a restore
        AppBackup deleting = done.withStatus(BackupStatus.DELETING, now);
        // the backup of an app that is gone
        platform.addForeign("pve", 999, "removed", List.of(), null, false);
        platform.backup("pve", 999, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", Duration.ZERO);
        String strayVolume = platform.archives().stream().filter(v -> v.contains("-999-")).findFirst().orElseThrow();
        AppBackup ofRemovedApp = new AppBackup("b-3-gone", "nginx-removed", "pve", 999, "local", strayVolume, 5,
                BackupMode.SNAPSHOT, BackupCompression.ZSTD, BackupStatus.COMPLETED, now, now);
        store.write((StoreSession s) -> {
            s.backups().put(creatingWithArchive);
            s.backups().put(creatingWithout);
            s.backups().put(deleting);
            s.backups().put(ofRemovedApp);
            return null;
        });

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions(ReconcileReport.Kind.BACKUP_SETTLED)).hasSize(4);
        assertThat(backups.get("b-1-crash").status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(backups.get("b-2-crash").status()).isEqualTo(BackupStatus.FAILED);
        assertThat(stored()).extracting(AppBackup::id).containsExactly("b-1-crash", "b-2-crash");
        assertThat(platform.archives()).containsExactly(backups.get("b-1-crash").volume());
        assertThat(apps.reconcile().actions(ReconcileReport.Kind.BACKUP_SETTLED)).isEmpty();
    }

    @Test
    void aRestoreThatFailsWhileExtractingLeavesTheAppErrorAndAnotherRestoreBringsItBack() {
        AppBackup backup = backups.create(BackupRequest.of(app.id()));
        apps.stop(app.id());
        platform.fail("restore", 1, () -> {
            platform.destroyBehindTheBack(app.vmid());
            return task("unable to restore CT " + app.vmid() + " - command 'tar xpf -' failed: exit code 2");
        });

        assertThatThrownBy(() -> backups.restore(backup.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("exit code 2");

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.ERROR);
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.message()).contains("left no CT " + app.vmid()));
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.message()).contains("the app is now error"));
        assertThat(backups.get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);

        App restored = backups.restore(backup.id());

        assertThat(restored.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(platform.containersById()).containsKey(app.vmid());
        assertThat(apps.start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }
}
