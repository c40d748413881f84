package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Objects;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup, delete, restore and restore-as-new, each platform step against each kind of failure
 * (refused, failed task, answer lost or wait timed out after its effect), and each guest step of a restore as a new
 * app failing: the app is unharmed, and after reconcile no backup is left transitional, every
 * completed backup has its archive and every archive its record; no container, record or lease of
 * a failed new app is left.
 */
class BackupFaultMatrixTest extends AppServiceTestBase {

    private List<AppBackup> stored() {
        return store.read((StoreSession s) -> s.backups().after(null, 1000));
    }

    /** Reconcile, then: nothing transitional, completed backups and archives match one to one. */
    private void assertSettledWithoutOrphans() {
        apps.reconcile();
        assertThat(stored()).noneMatch(backup -> backup.status().isTransitional());
        assertThat(stored().stream().filter(b -> b.status() == BackupStatus.COMPLETED).map(AppBackup::volume)
                .filter(Objects::nonNull).sorted().toList()).isEqualTo(platform.archives().stream().sorted().toList());
    }

    static List<FaultCase> createCases() {
        return FaultCase.platform(List.of("backup", "backups"));
    }

    @ParameterizedTest(name = "backup: {0}")
    @MethodSource("createCases")
    void aBackupEitherCompletesWithItsArchiveOrFailsWithout(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        fault.injectInto(this);

        try {
            AppBackup backup = proximity.backups().create(BackupRequest.of(app.id()));
            assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(platform.archives()).containsExactly(backup.volume());
        } catch (OperationFailedException failed) {
            assertThat(platform.archives()).isEmpty();
        }

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertSettledWithoutOrphans();
    }

    static List<FaultCase> deleteCases() {
        return FaultCase.platform(List.of("backups", "deleteVolume"));
    }

    @ParameterizedTest(name = "delete: {0}")
    @MethodSource("deleteCases")
    void aDeleteEitherTakesArchiveAndRecordOrKeepsBoth(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        AppBackup backup = proximity.backups().create(BackupRequest.of(app.id()));
        fault.injectInto(this);

        try {
            proximity.backups().delete(backup.id());
        } catch (OperationFailedException failed) {
            // the storage decides what the record says
        }

        assertSettledWithoutOrphans();
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    static List<FaultCase> restoreCases() {
        return FaultCase.platform(List.of("config", "restore"));
    }

    @ParameterizedTest(name = "restore: {0}")
    @MethodSource("restoreCases")
    void aRestoreLeavesTheStoppedAppAndItsBackupUsable(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        AppBackup backup = proximity.backups().create(BackupRequest.of(app.id()));
        apps.stop(app.id());
        fault.injectInto(this);

        try {
            proximity.backups().restore(backup.id());
        } catch (OperationFailedException failed) {
            // Proxmox keeps the container as it was
        }

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(platform.containersById()).containsKey(app.vmid());
        assertSettledWithoutOrphans();
        assertThat(proximity.backups().get(backup.id()).status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(apps.start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    static List<FaultCase> restoreAsNewCases() {
        List<FaultCase> cases = FaultCase.platform(List.of("restore", "start"));
        cases.addAll(FaultCase.guest(List.of("mv ", " up -d", "nc -z"), 101));
        return cases;
    }

    @ParameterizedTest(name = "restore as new: {0}")
    @MethodSource("restoreAsNewCases")
    void aFailedRestoreAsNewLeavesNothingOfTheNewAppAndTheSourceUnharmed(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        AppBackup backup = proximity.backups().create(BackupRequest.of(app.id()));
        int leases = leases().size();
        fault.injectInto(this);

        App copy = null;
        try {
            copy = proximity.backups().restoreAsNew(backup.id(), "site-copy");
        } catch (OperationFailedException failed) {
            // undone
        }

        if (copy == null) {
            assertThat(platform.containersById().keySet()).containsExactly(app.vmid());
            assertThat(records()).extracting(App::id).containsExactly(app.id());
            assertThat(leases()).hasSize(leases);
        } else {
            assertThat(copy.status()).isEqualTo(AppStatus.RUNNING);
        }
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertSettledWithoutOrphans();
    }
}
