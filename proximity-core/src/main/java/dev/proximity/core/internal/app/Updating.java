package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.store.StoreLock;

import static dev.proximity.api.app.DeploymentLogEntry.LXC_START;

/**
 * Update without fear: a restore point (a snapshot of the container; a backup where its storage
 * cannot take snapshots), {@code docker compose pull} and {@code up -d}, a health check; on
 * failure an automatic rollback to the restore point and the app running again, or
 * {@code update_failed} when even the rollback fails. The restore point is deleted once the app
 * runs (updated or rolled back). The whole story is in the app's log.
 */
final class Updating {

    private static final String NO_SNAPSHOTS = "snapshot feature is not available";

    private final AppContext context;
    private final ContainerActions actions;
    private final Archives archives;
    private final TemporarySnapshots temporary;

    Updating(AppContext context, ContainerActions actions, Archives archives, TemporarySnapshots temporary) {
        this.temporary = temporary;
        this.context = context;
        this.actions = actions;
        this.archives = archives;
    }

    App update(String appId) {
        return context.operations.run(() -> {
            try (StoreLock lock = context.locks.app(appId)) {
                App app = context.records.get(appId);
                if (app.status() != AppStatus.RUNNING || app.vmid() == null || app.node() == null) {
                    throw new InvalidTransitionException(appId, app.status().wireName(), Steps.UPDATE, "running");
                }
                String operationId = context.records.lastDeploymentId(appId).orElseGet(Ids::newDeploymentId);
                Journal journal = context.journal(appId, operationId, dev.proximity.api.app.DeploymentListener.NONE);
                RestorePoint restorePoint;
                try {
                    restorePoint = takeRestorePoint(app, journal);
                } catch (StepFailure failure) {
                    journal.error(Steps.UPDATE, "no restore point, so no update: " + Journal.describe(failure.failure()));
                    throw new OperationFailedException(Steps.UPDATE, appId, operationId, failure.step(), true, journal.entries(),
                            failure.failure());
                }
                context.records.setStatus(appId, AppStatus.UPDATING);
                try {
                    journal.step(Steps.STACK_PULL, () -> context.provisioner.pull(app.node(), app.vmid(), appId), "docker compose pull");
                    App updated = actions.bringUp(app, journal);
                    restorePoint.drop(journal);
                    journal.info(Steps.UPDATE, "updated; the app runs the pulled images");
                    return updated;
                } catch (StepFailure failure) {
                    boolean rolledBack = rollBack(app, restorePoint, journal);
                    throw new OperationFailedException(Steps.UPDATE, appId, operationId, failure.step(), rolledBack,
                            journal.entries(), failure.failure());
                }
            }
        });
    }

    /** A snapshot; on storage that cannot take one, a backup. A half-made snapshot is deleted again. */
    private RestorePoint takeRestorePoint(App app, Journal journal) {
        String name = Ids.temporarySnapshot("update");
        temporary.remember(app.id(), app.node(), app.vmid(), name);
        try {
            journal.step(Steps.RESTORE_POINT, () -> context.platform.createSnapshot(app.node(), app.vmid(), name,
                    "restore point before updating " + app.id()), "took the restore point '" + name + "'");
            return new SnapshotPoint(app, name);
        } catch (StepFailure failure) {
            if (failure.failure().getMessage() == null || !failure.failure().getMessage().contains(NO_SNAPSHOTS)) {
                // a snapshot task that failed late, or whose answer was lost, may still have left the restore point
                temporary.drop(app.node(), app.vmid(), name, "the half-made restore point",
                        failure.mayHaveTakenEffect(), journal);
                throw failure;
            }
        }
        temporary.forget(app.node(), app.vmid(), name);
        journal.warn(Steps.RESTORE_POINT, "the storage of CT " + app.vmid() + " cannot take snapshots; backing it up to '"
                + context.settings.backupStorage() + "' as the restore point instead");
        AppBackup backup = archives.take(app, BackupMode.SNAPSHOT, BackupCompression.ZSTD, context.settings.backupStorage(),
                journal);
        return new BackupPoint(app, backup);
    }

    /** Back to the restore point and up again; {@code update_failed} when even that fails. */
    private boolean rollBack(App app, RestorePoint restorePoint, Journal journal) {
        journal.warn(Steps.UPDATE, "the update failed; rolling back to " + restorePoint);
        try {
            restorePoint.rollBack(journal);
            actions.bringUp(app, journal);
            restorePoint.drop(journal);
            journal.warn(Steps.UPDATE, "rolled back; the app runs as before the update");
            return true;
        } catch (RuntimeException rollbackFailure) {
            try {
                context.records.setStatus(app.id(), AppStatus.UPDATE_FAILED);
            } catch (RuntimeException e) {
                journal.error(Steps.UPDATE, "cannot mark the app update_failed: " + Journal.describe(e));
            }
            restorePoint.keep();
            journal.error(Steps.UPDATE, "the rollback failed too; the app is update_failed and " + restorePoint
                    + " is kept for a manual rollback");
            return false;
        }
    }

    /** Where an update goes back to when it fails. */
    private interface RestorePoint {
        /** Puts the container back as it was and starts it. */
        void rollBack(Journal journal);

        /** Deletes the restore point; a failure is logged, never thrown (the update's outcome stands). */
        void drop(Journal journal);

        /** Hands it to the user for a manual rollback: reconcile must not delete it. */
        default void keep() {
        }
    }

    private final class SnapshotPoint implements RestorePoint {
        private final App app;
        private final String name;

        SnapshotPoint(App app, String name) {
            this.app = app;
            this.name = name;
        }

        @Override
        public void rollBack(Journal journal) {
            journal.step(Steps.SNAPSHOT_ROLLBACK, () -> context.platform.rollbackSnapshot(app.node(), app.vmid(), name, true),
                    "rolled CT " + app.vmid() + " back to '" + name + "' and started it");
        }

        @Override
        public void drop(Journal journal) {
            try {
                context.platform.deleteSnapshot(app.node(), app.vmid(), name);
                temporary.forget(app.node(), app.vmid(), name);
                journal.info(Steps.SNAPSHOT_DELETE, "deleted the restore point '" + name + "'");
            } catch (RuntimeException e) {
                journal.warn(Steps.SNAPSHOT_DELETE, "could not delete the restore point '" + name + "': "
                        + Journal.describe(e) + "; reconcile deletes it later");
            }
        }

        @Override
        public void keep() {
            temporary.forget(app.node(), app.vmid(), name);
        }

        @Override
        public String toString() {
            return "the snapshot '" + name + "'";
        }
    }

    private final class BackupPoint implements RestorePoint {
        private final App app;
        private final AppBackup backup;

        BackupPoint(App app, AppBackup backup) {
            this.app = app;
            this.backup = backup;
        }

        @Override
        public void rollBack(Journal journal) {
            String node = app.node();
            int vmid = app.vmid();
            if (context.platform.status(node, vmid).map(ct -> ct.state() == dev.proximity.api.platform.ContainerState.RUNNING)
                    .orElse(false)) {
                journal.step(Steps.LXC_STOP, () -> context.platform.stop(node, vmid), "stopped CT " + vmid + " to restore it");
            }
            journal.step(Steps.BACKUP_RESTORE, () -> context.platform.restore(node, vmid, backup.volume(),
                    Resources.rootStorage(context.platform.config(node, vmid), context.settings), true, null, null),
                    "restored CT " + vmid + " from " + backup.volume());
            journal.step(LXC_START, () -> context.platform.start(node, vmid), "started CT " + vmid);
        }

        @Override
        public void drop(Journal journal) {
            try {
                archives.delete(backup, journal);
            } catch (RuntimeException e) {
                journal.warn(Steps.BACKUP_DELETE, "could not delete the restore point backup " + backup.id() + ": "
                        + Journal.describe(e instanceof StepFailure failure ? failure.failure() : e)
                        + "; delete it with backups().delete");
            }
        }

        @Override
        public String toString() {
            return "backup " + backup.id() + " (" + backup.volume() + ")";
        }
    }
}
