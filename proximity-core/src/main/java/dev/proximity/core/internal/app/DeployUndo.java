package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.core.FailedDeployPolicy;

import static dev.proximity.api.app.DeploymentLogEntry.UNDO;

/**
 * Undoes a deploy that did not finish, whether it failed just now or its process died long ago:
 * the container goes first (only if it carries the app's marker); if it cannot, the record is kept
 * as {@code removing} with its vmid and ports so reconcile can finish the job; then the ports are
 * released and the record removed or kept as {@code error}, per the failure policy.
 */
final class DeployUndo {

    private final AppContext context;

    DeployUndo(AppContext context) {
        this.context = context;
    }

    /**
     * @param appId the app whose deploy is undone
     * @param journal its journal
     * @return whether everything was undone
     */
    boolean undo(String appId, Journal journal) {
        App app;
        try {
            app = context.records.get(appId);
        } catch (RuntimeException e) {
            journal.error(UNDO, "cannot read the app's record: " + Journal.describe(e) + "; reconcile will clean up");
            return false;
        }
        if (app.vmid() != null && app.node() != null) {
            try {
                ContainerCleanup.Outcome outcome = context.cleanup.destroyIfOwnedBy(app.node(), app.vmid(), appId);
                journal.info(UNDO, switch (outcome) {
                    case DESTROYED -> "destroyed CT " + app.vmid();
                    case GONE -> "CT " + app.vmid() + " does not exist; nothing to destroy";
                    case NOT_OURS -> "CT " + app.vmid() + " belongs to someone else; left alone";
                });
            } catch (RuntimeException e) {
                journal.error(UNDO, "could not destroy CT " + app.vmid() + ": " + Journal.describe(e)
                        + "; the app stays as removing until reconcile destroys it");
                try {
                    context.records.setStatus(appId, AppStatus.REMOVING);
                } catch (RuntimeException storeFailure) {
                    journal.error(UNDO, "cannot mark the app removing: " + Journal.describe(storeFailure));
                }
                return false;
            }
        }
        try {
            boolean keep = context.settings.failedDeployPolicy() == FailedDeployPolicy.KEEP_AS_ERROR;
            int released = context.store.write(session -> {
                int leases = session.portLeases().release(appId);
                if (keep) {
                    App current = session.apps().get(appId).orElseThrow();
                    session.apps().update(current.toBuilder().vmid(null).url(null).publicPort(null).internalPort(null)
                            .build().withStatus(AppStatus.ERROR, context.clock.instant()));
                } else {
                    session.apps().delete(appId);
                }
                return leases;
            });
            journal.info(UNDO, "released " + released + " port lease(s); " + (keep
                    ? "kept the record with status error" : "removed the record (its log is kept)"));
            return true;
        } catch (RuntimeException e) {
            journal.error(UNDO, "cannot release the ports or the record: " + Journal.describe(e) + "; reconcile will clean up");
            return false;
        }
    }
}
