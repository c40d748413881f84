package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Update without fear: a restore point, pull and up, health; an automatic rollback when any of it fails. */
class UpdateTest extends AppServiceTestBase {

    private App app;

    @BeforeEach
    void deployOne() {
        app = apps.deploy(DeployRequest.of("nginx", "fresh"));
    }

    @Test
    void anUpdatePullsRestartsChecksAndDropsTheRestorePoint() {
        App updated = apps.update(app.id());

        assertThat(updated.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
        assertThat(guest.scripts()).anyMatch(script -> script.text().contains(" pull"));
        assertThat(steps(apps.logs(app.id()))).endsWith("restore_point", "stack_pull", "app_deploy", "health", "url",
                "snapshot_delete", "update");
    }

    @Test
    void aFailedPullRollsBackAndTheAppRunsAsBefore() {
        guest.fail(" pull", 1, () -> new GuestCommandException("pve", app.vmid(), "docker compose pull", 1, "manifest unknown"));

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.undone()).isTrue());

        App after = apps.get(app.id());
        assertThat(after.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls("rollbackSnapshot")).isEqualTo(1);
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(apps.logs(app.id())).anySatisfy(entry -> assertThat(entry.message()).contains("rolled back; the app runs as before"));
    }

    @Test
    void aFailedRollbackLeavesTheAppUpdateFailedWithItsRestorePoint() {
        guest.fail(" pull", 1, () -> new GuestCommandException("pve", app.vmid(), "docker compose pull", 1, "manifest unknown"));
        platform.fail("rollbackSnapshot", 1, () -> task("rollback failed: volume busy"));

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.undone()).isFalse());

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.UPDATE_FAILED);
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).hasSize(1);
    }

    @Test
    void noRestorePointMeansNoUpdateAndNothingChanges() {
        platform.fail("createSnapshot", 1, () -> refused(500, "storage 'local-lvm' is not online"));

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("is not online");

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(guest.scripts()).noneMatch(script -> script.text().contains(" pull"));
    }

    @Test
    void onlyARunningAppIsUpdated() {
        apps.stop(app.id());

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void whereTheStorageCannotSnapshotABackupIsTheRestorePointAndIsDeletedAfter() {
        platform.fail("createSnapshot", 1, () -> refused(500, "snapshot feature is not available"));

        App updated = apps.update(app.id());

        assertThat(updated.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls("backup")).isEqualTo(1);
        assertThat(platform.archives()).isEmpty();
        assertThat(proximity.backups().list(app.id())).isEmpty();
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.message()).contains("cannot take snapshots; backing it up"));
    }

    @Test
    void aFailedUpdateRestoresTheBackupRestorePointAndRunsAgain() {
        platform.fail("createSnapshot", 1, () -> refused(500, "snapshot feature is not available"));
        guest.fail(" pull", 1, () -> new GuestCommandException("pve", app.vmid(), "docker compose pull", 1, "manifest unknown"));

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.undone()).isTrue());

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls("restore")).isEqualTo(1);
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(platform.archives()).isEmpty();
        assertThat(proximity.backups().list(app.id())).isEmpty();
    }

    @Test
    void aFailedBackupRestorePointMeansNoUpdate() {
        platform.fail("createSnapshot", 1, () -> refused(500, "snapshot feature is not available"));
        platform.fail("backup", 1, () -> task("job errors"));

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("job errors");

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(guest.scripts()).noneMatch(script -> script.text().contains(" pull"));
        assertThat(platform.archives()).isEmpty();
    }

    @Test
    void aRestorePointThatCouldNotBeDeletedIsDeletedByReconcileButAKeptOneIsNot() {
        platform.fail("deleteSnapshot", 1, () -> refused(500, "CT is locked (backup)"));

        apps.update(app.id());
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).hasSize(1);

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions(ReconcileReport.Kind.SNAPSHOT_DELETED)).hasSize(1);
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
        assertThat(apps.reconcile().actions(ReconcileReport.Kind.SNAPSHOT_DELETED)).isEmpty();

        guest.fail(" pull", 1, () -> new GuestCommandException("pve", app.vmid(), "docker compose pull", 1, "manifest unknown"));
        platform.fail("rollbackSnapshot", 1, () -> task("rollback failed: volume busy"));
        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(OperationFailedException.class);
        apps.reconcile();
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).as("kept for a manual rollback").hasSize(1);
    }
}
