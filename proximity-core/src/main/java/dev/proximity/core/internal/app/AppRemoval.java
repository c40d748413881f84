package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;
import dev.proximity.api.store.StoreLock;

import java.util.Optional;

/**
 * Deletes an app: marks it {@code removing} (so a crash midway is finished by reconcile), shuts its
 * container down, destroys it with purge, then releases the ports and removes the record in one
 * transaction. If the container cannot be destroyed, the app is stored as {@code error} and nothing
 * else is removed: never a half-deleted app. The app's backups go with it (archives and records);
 * one Proxmox will not delete now is left for reconcile.
 */
final class AppRemoval {

    private final AppContext context;
    private final Archives archives;

    AppRemoval(AppContext context, Archives archives) {
        this.context = context;
        this.archives = archives;
    }

    DeleteResult delete(String appId) {
        return context.operations.run(() -> {
            try (StoreLock lock = context.locks.app(appId)) {
                App app = context.records.get(appId);
                if (app.status().isTransitional() && app.status() != AppStatus.REMOVING) {
                    throw new InvalidTransitionException(appId, app.status().wireName(), "delete",
                            "running, stopped, error or update_failed (reconcile resolves apps stuck in " + app.status().wireName() + ")");
                }
                String deploymentId = context.records.lastDeploymentId(appId).orElseGet(Ids::newDeploymentId);
                Journal journal = context.journal(appId, deploymentId, DeploymentListener.NONE);
                try {
                    return remove(app, journal);
                } catch (StepFailure failure) {
                    try {
                        context.records.setStatus(appId, AppStatus.ERROR);
                        journal.error(Steps.DELETE, "the container was not destroyed; the app is kept with status error");
                    } catch (RuntimeException e) {
                        journal.error(Steps.DELETE, "the app could not be marked error: " + Journal.describe(e));
                    }
                    throw new OperationFailedException("delete", appId, deploymentId, failure.step(), true, journal.entries(),
                            failure.failure());
                }
            }
        });
    }

    /**
     * The removal proper, also used by reconcile to finish an app stuck in {@code removing}.
     *
     * @param app the app
     * @param journal its journal
     * @return what was removed
     * @throws StepFailure when the container could not be destroyed
     */
    DeleteResult remove(App app, Journal journal) {
        String appId = app.id();
        if (app.status() != AppStatus.REMOVING) {
            context.records.setStatus(appId, AppStatus.REMOVING);
        }
        boolean destroyed = false;
        String node = app.node();
        if (app.vmid() != null && node != null) {
            int vmid = app.vmid();
            Optional<String> holder = journal.step(Steps.LOCATE, () -> locate(app.node(), vmid),
                    found -> found.map(n -> "CT " + vmid + " is on node " + n).orElse("CT " + vmid + " is already gone"));
            if (holder.isPresent()) {
                node = holder.get();
                String on = node;
                Optional<ContainerInfo> status = context.platform.status(on, vmid);
                if (status.isPresent() && status.get().state() == ContainerState.RUNNING) {
                    try {
                        journal.step(Steps.STACK_DOWN, () -> context.provisioner.down(on, vmid, appId), "docker compose down");
                    } catch (StepFailure failure) {
                        journal.warn(Steps.STACK_DOWN, "the stack did not stop cleanly; destroying the container anyway");
                    }
                }
                ContainerCleanup.Outcome outcome = journal.step(Steps.LXC_DESTROY,
                        () -> context.cleanup.destroyAppContainer(on, vmid, appId, app.hostname()), done -> switch (done) {
                            case DESTROYED -> "destroyed CT " + vmid + " (purged from backup jobs, replication and HA)";
                            case GONE -> "CT " + vmid + " vanished meanwhile";
                            case NOT_OURS -> "CT " + vmid + " is not this app's container";
                        });
                if (outcome == ContainerCleanup.Outcome.NOT_OURS) {
                    throw new StepFailure(Steps.LXC_DESTROY, new PlatformException("DELETE /nodes/" + on + "/lxc/" + vmid,
                            "CT " + vmid + " on node '" + on + "' carries another app's or installation's marker, or another "
                                    + "hostname; it was not destroyed", null));
                }
                destroyed = outcome == ContainerCleanup.Outcome.DESTROYED;
            }
        }
        int backups = archives.purge(appId, journal);
        if (backups > 0) {
            journal.info(Steps.BACKUP_DELETE, "deleted the app's " + backups + " backup(s)");
        }
        boolean keepLogs = !context.settings.logRetention().isZero();
        journal.info(Steps.DELETE, "releasing the ports and removing the record" + (keepLogs
                ? "; the log is kept for " + context.settings.logRetention().toDays() + " days" : ""));
        int released = context.store.write(session -> {
            int leases = session.portLeases().release(appId);
            session.apps().delete(appId);
            if (!keepLogs) {
                session.deploymentLogs().deleteForApp(appId);
            }
            return leases;
        });
        return new DeleteResult(appId, node, app.vmid(), destroyed, released, keepLogs);
    }

    /**
     * @return the node holding the container: the recorded one, or another online node if it moved; empty when it is gone
     */
    private Optional<String> locate(String recorded, int vmid) {
        if (context.platform.status(recorded, vmid).isPresent()) {
            return Optional.of(recorded);
        }
        for (NodeInfo node : context.platform.nodes()) {
            if (!node.name().equals(recorded) && node.status() == NodeStatus.ONLINE
                    && context.platform.containers(node.name()).stream().anyMatch(ct -> ct.vmid() == vmid)) {
                return Optional.of(node.name());
            }
        }
        return Optional.empty();
    }

}
