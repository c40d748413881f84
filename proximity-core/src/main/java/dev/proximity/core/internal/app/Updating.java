package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.store.StoreLock;

/**
 * Update without fear: a restore point (a snapshot of the container), {@code docker compose pull}
 * and {@code up -d}, a health check; on failure an automatic rollback to the restore point and the
 * app running again, or {@code update_failed} when even the rollback fails. The restore point is
 * deleted once the app runs (updated or rolled back). The whole story is in the app's log.
 */
final class Updating {

    private final AppContext context;
    private final ContainerActions actions;

    Updating(AppContext context, ContainerActions actions) {
        this.context = context;
        this.actions = actions;
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
                String node = app.node();
                int vmid = app.vmid();
                String restorePoint = Ids.temporarySnapshot("update");
                try {
                    journal.step(Steps.RESTORE_POINT, () -> context.platform.createSnapshot(node, vmid, restorePoint,
                            "restore point before updating " + appId), "took the restore point '" + restorePoint + "'");
                } catch (StepFailure failure) {
                    dropHalfMadeRestorePoint(app, restorePoint, journal);
                    journal.error(Steps.UPDATE, "no restore point, so no update: " + Journal.describe(failure.failure())
                            + (failure.failure().getMessage() != null && failure.failure().getMessage()
                            .contains("snapshot feature is not available") ? " (this storage cannot take snapshots)" : ""));
                    throw new OperationFailedException(Steps.UPDATE, appId, operationId, failure.step(), true, journal.entries(),
                            failure.failure());
                }
                context.records.setStatus(appId, AppStatus.UPDATING);
                try {
                    journal.step(Steps.STACK_PULL, () -> context.provisioner.pull(node, vmid, appId), "docker compose pull");
                    App updated = actions.bringUp(app, journal);
                    dropRestorePoint(app, restorePoint, journal);
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

    /** Back to the restore point and up again; {@code update_failed} when even that fails. */
    private boolean rollBack(App app, String restorePoint, Journal journal) {
        journal.warn(Steps.UPDATE, "the update failed; rolling back to '" + restorePoint + "'");
        try {
            journal.step(Steps.SNAPSHOT_ROLLBACK, () -> context.platform.rollbackSnapshot(app.node(), app.vmid(), restorePoint, true),
                    "rolled CT " + app.vmid() + " back to '" + restorePoint + "' and started it");
            actions.bringUp(app, journal);
            dropRestorePoint(app, restorePoint, journal);
            journal.warn(Steps.UPDATE, "rolled back; the app runs as before the update");
            return true;
        } catch (RuntimeException rollbackFailure) {
            try {
                context.records.setStatus(app.id(), AppStatus.UPDATE_FAILED);
            } catch (RuntimeException e) {
                journal.error(Steps.UPDATE, "cannot mark the app update_failed: " + Journal.describe(e));
            }
            journal.error(Steps.UPDATE, "the rollback failed too; the app is update_failed and the restore point '"
                    + restorePoint + "' is kept for a manual rollback");
            return false;
        }
    }

    /** A snapshot task that failed late, or whose answer was lost, may still have left the restore point. */
    private void dropHalfMadeRestorePoint(App app, String restorePoint, Journal journal) {
        try {
            if (LockWait.deleteSnapshotIfPresent(context, app.node(), app.vmid(), restorePoint)) {
                journal.info(Steps.SNAPSHOT_DELETE, "deleted the half-made restore point '" + restorePoint + "'");
            }
        } catch (RuntimeException e) {
            journal.warn(Steps.SNAPSHOT_DELETE, "could not delete a half-made restore point '" + restorePoint + "': "
                    + Journal.describe(e) + "; delete it with snapshots().delete");
        }
    }

    private void dropRestorePoint(App app, String restorePoint, Journal journal) {
        try {
            context.platform.deleteSnapshot(app.node(), app.vmid(), restorePoint);
            journal.info(Steps.SNAPSHOT_DELETE, "deleted the restore point '" + restorePoint + "'");
        } catch (RuntimeException e) {
            journal.warn(Steps.SNAPSHOT_DELETE, "could not delete the restore point '" + restorePoint + "': "
                    + Journal.describe(e) + "; delete it with snapshots().delete");
        }
    }
}
