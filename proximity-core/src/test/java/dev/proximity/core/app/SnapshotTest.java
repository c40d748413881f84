package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppSnapshot;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots of an app's container: taken, listed, rolled back and deleted, each failure truthful and tidy. */
class SnapshotTest extends AppServiceTestBase {

    private App app;
    private AppSnapshots snapshots;

    @BeforeEach
    void deployOne() {
        app = apps.deploy(DeployRequest.of("nginx", "snappy"));
        snapshots = proximity.snapshots();
    }

    @Test
    void takeListRollBackAndDelete() {
        AppSnapshot first = snapshots.create(app.id(), "before-change", "a restore point");
        platform.updateConfig("pve", app.vmid(), Map.of("memory", "4096"));
        snapshots.create(app.id(), "after-change", null);

        assertThat(snapshots.list(app.id())).extracting(AppSnapshot::name, AppSnapshot::parent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("before-change", null),
                org.assertj.core.groups.Tuple.tuple("after-change", "before-change"));
        assertThat(first.description()).isEqualTo("a restore point");

        App rolledBack = snapshots.rollback(app.id(), "before-change");

        assertThat(rolledBack.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).config()).doesNotContainEntry("memory", "4096");
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(steps(apps.logs(app.id()))).contains("snapshot_create", "snapshot_rollback", "app_deploy", "health", "url");

        snapshots.delete(app.id(), "after-change");
        assertThat(snapshots.list(app.id())).extracting(AppSnapshot::name).containsExactly("before-change");
    }

    @Test
    void aStoppedAppStaysStoppedAfterARollback() {
        snapshots.create(app.id(), "quiet", null);
        apps.stop(app.id());

        App rolledBack = snapshots.rollback(app.id(), "quiet");

        assertThat(rolledBack.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(platform.containersById().get(app.vmid()).running()).isFalse();
    }

    @Test
    void badNamesDuplicatesAndUnknownSnapshotsAreClearErrorsThatTouchNothing() {
        assertThatThrownBy(() -> snapshots.create(app.id(), "9lives", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> snapshots.create(app.id(), "current", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> snapshots.create(app.id(), "x".repeat(41), null)).isInstanceOf(InvalidRequestException.class);
        snapshots.create(app.id(), "once", null);
        assertThatThrownBy(() -> snapshots.create(app.id(), "once", null)).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> snapshots.rollback(app.id(), "never")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> snapshots.delete(app.id(), "never")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> snapshots.create("nginx-ghost", "x1", null)).isInstanceOf(NotFoundException.class);
        assertThat(platform.calls("createSnapshot")).isEqualTo(1);
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void aSnapshotTaskThatFailedAfterLeavingTheSnapshotIsCleanedUpAndTheAppIsUnchanged() {
        platform.failAfterEffect("createSnapshot", 1, () -> task("snapshot 'half' failed: lvcreate timed out"));

        assertThatThrownBy(() -> snapshots.create(app.id(), "half", null)).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("snapshot_create");

        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.logs(app.id())).anySatisfy(entry -> {
            assertThat(entry.step()).isEqualTo("snapshot_undo");
            assertThat(entry.level()).isEqualTo(LogLevel.WARNING);
        });
    }

    @Test
    void storageWithoutSnapshotsIsNamedAndTheAppIsUnchanged() {
        platform.fail("createSnapshot", 1, () -> refused(500, "snapshot feature is not available"));

        assertThatThrownBy(() -> snapshots.create(app.id(), "point", null)).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("snapshot feature is not available");

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.logs(app.id())).anySatisfy(entry -> assertThat(entry.message()).contains("back the app up instead"));
    }

    @Test
    void aFailedRollbackMarksTheAppError() {
        snapshots.create(app.id(), "point", null);
        platform.fail("rollbackSnapshot", 1, () -> task("rollback failed: unable to restore rootfs"));

        assertThatThrownBy(() -> snapshots.rollback(app.id(), "point")).isInstanceOf(OperationFailedException.class);

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.ERROR);
    }
}
