package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clone: a new app with new ports and vmid from a copy of the source's container; the source is never harmed. */
class CloneTest extends AppServiceTestBase {

    private App source;

    @BeforeEach
    void deployOne() {
        source = apps.deploy(DeployRequest.of("nginx", "original"));
    }

    @Test
    void aRunningSourceIsCopiedFromATemporarySnapshotThatIsDeleted() {
        App copy = apps.clone(source.id(), "copy");

        assertThat(copy.id()).isEqualTo("nginx-copy");
        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(copy.vmid()).isNotEqualTo(source.vmid());
        assertThat(copy.publicPort()).isNotEqualTo(source.publicPort());
        assertThat(copy.url()).isNotNull();
        var container = platform.containersById().get(copy.vmid());
        assertThat(container.config()).containsEntry("hostname", "copy");
        assertThat(container.config().get("description")).contains("proximity-app: nginx-copy");
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).isEmpty();
        assertThat(platform.calls("createSnapshot")).isEqualTo(1);
        assertThat(steps(apps.logs(copy.id()))).containsExactly("init", "intent", "vmid", "snapshot_create", "clone",
                "snapshot_delete", "lxc_start", "relocate", "app_deploy", "health", "url", "complete");
        assertThat(apps.get(source.id())).isEqualTo(source);
        assertThat(guest.stackUp(copy.vmid())).isTrue();
    }

    @Test
    void aStoppedSourceIsCopiedWithoutASnapshot() {
        App stopped = apps.stop(source.id());

        App copy = apps.clone(source.id(), "cold-copy");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls("createSnapshot")).isZero();
        assertThat(apps.get(source.id())).isEqualTo(stopped);
    }

    @Test
    void aFailedCopyRollsTheCloneBackAndStillDeletesTheSnapshot() {
        platform.fail("cloneContainer", 1, () -> task("clone failed: lvcreate: insufficient free space"));

        assertThatThrownBy(() -> apps.clone(source.id(), "copy")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("clone");

        assertThat(records()).extracting(App::id).containsExactly(source.id());
        assertThat(leases()).allMatch(lease -> lease.ownerId().equals(source.id()));
        assertThat(platform.containersById()).containsOnlyKeys(source.vmid());
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).isEmpty();
        assertThat(apps.get(source.id())).isEqualTo(source);
    }

    @Test
    void aStackThatWillNotStartDestroysTheCopy() {
        guest.fail(" up -d", 1, () -> new GuestCommandException("pve", 101, "docker compose up", 1, "port is already allocated"));

        assertThatThrownBy(() -> apps.clone(source.id(), "copy")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("app_deploy");

        assertThat(platform.containersById()).containsOnlyKeys(source.vmid());
        assertThat(records()).extracting(App::id).containsExactly(source.id());
        assertThat(guest.stackUp(source.vmid())).isTrue();
    }

    @Test
    void aTakenHostnameIsRefusedBeforeAnythingHappens() {
        apps.deploy(DeployRequest.of("wordpress", "taken"));
        long clones = platform.calls("cloneContainer");

        assertThatThrownBy(() -> apps.clone(source.id(), "taken")).isInstanceOf(AlreadyExistsException.class);

        assertThat(platform.calls("cloneContainer")).isEqualTo(clones);
    }

    @Test
    void aTemporarySnapshotThatCouldNotBeDeletedIsDeletedByReconcile() {
        platform.fail("deleteSnapshot", 1, () -> DeployFailureTest.refused(500, "CT is locked (disk)"));

        App copy = apps.clone(source.id(), "copy-left");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).singleElement()
                .satisfies(name -> assertThat(name).startsWith("proximity-clone-"));
        dev.proximity.api.app.ReconcileReport report = apps.reconcile();
        assertThat(report.actions(dev.proximity.api.app.ReconcileReport.Kind.SNAPSHOT_DELETED)).hasSize(1);
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).isEmpty();
    }

    @Test
    void aVmidAnotherCreatorTookIsReplacedAndTheCloneGoesOn() {
        platform.fail("cloneContainer", 1, () -> new dev.proximity.api.error.VmidTakenException("POST /nodes/pve/lxc/100/clone",
                101, "CT 101 already exists", null));

        App copy = apps.clone(source.id(), "copy-raced");

        assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls("cloneContainer")).isEqualTo(2);
        assertThat(apps.logs(copy.id())).anySatisfy(e -> assertThat(e.message()).contains("was taken by another creator"));
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).isEmpty();
    }
}
