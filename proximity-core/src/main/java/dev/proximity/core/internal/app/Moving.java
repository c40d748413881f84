package dev.proximity.core.internal.app;

import dev.proximity.api.Validation;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;

import java.util.Optional;
import java.util.Set;

/**
 * Move to another node: Proxmox's migration in restart mode (LXC cannot move live), then the
 * record follows the container and a running app is brought up and checked on the target. When
 * the migration fails, Proxmox starts the container again on the source; the record is set from
 * where the container really is afterwards. When the target keeps stacks under another base path,
 * the stack moves there and its bind mounts are rewritten before it comes up.
 */
final class Moving {

    private static final Set<AppStatus> MOVABLE = Set.of(AppStatus.RUNNING, AppStatus.STOPPED);
    private static final long MIB = 1L << 20;

    private final AppContext context;
    private final ContainerActions actions;
    private final StackRebase rebases;

    Moving(AppContext context, ContainerActions actions, StackRebase rebases) {
        this.context = context;
        this.actions = actions;
        this.rebases = rebases;
    }

    App move(String appId, String target) {
        Validation.requiredText(target, "target");
        return actions.act(appId, Steps.MOVE, MOVABLE, null, false, (app, journal) -> {
            String source = app.node();
            int vmid = app.vmid();
            check(app, target);
            String fromBase = context.settings.appDirectoryOn(source);
            String toBase = context.settings.appDirectoryOn(target);
            CatalogEntry entry = fromBase.equals(toBase) ? null : rebases.entryOf(app);
            boolean running = app.status() == AppStatus.RUNNING;
            try {
                journal.step(Steps.MIGRATE, () -> context.platform.migrate(source, vmid, target, true),
                        "moved CT " + vmid + " from node " + source + " to " + target + (running ? " (restart mode)" : ""));
            } catch (StepFailure failure) {
                if (!arrivedDespite(app, target, journal)) {
                    throw failure;
                }
            }
            App moved = context.records.update(appId, current -> current.toBuilder().node(target).url(null)
                    .updatedAt(context.clock.instant()).build());
            try {
                if (entry != null) {
                    moved = rebases.rebase(moved, entry, fromBase, running, journal);
                }
                if (!running) {
                    return moved;
                }
                return actions.bringUp(moved, journal);
            } catch (StepFailure failure) {
                context.records.setStatus(appId, AppStatus.ERROR);
                journal.error(Steps.MOVE, "CT " + vmid + " moved to " + target + " but the app did not come up there; "
                        + "the app is marked error");
                throw failure;
            }
        });
    }

    /** Refused before anything happens: the same node, a node that is not online, too little memory there. */
    private void check(App app, String target) {
        NodeInfo node = context.platform.nodes().stream().filter(n -> n.name().equals(target)).findFirst().orElse(null);
        Object memory = app.config().get("memory");
        long needMb = memory instanceof Number number ? number.longValue() : 0;
        long freeMb = node == null ? 0 : (node.memTotal() - node.memUsed()) / MIB;
        Validation.errors()
                .check(target.equals(app.node()), "target", target, "is the node the app is on")
                .check(node == null, "target", target, "is not a node of the cluster")
                .check(node != null && node.status() != NodeStatus.ONLINE, "target", target, "is not online")
                .check(node != null && app.status() == AppStatus.RUNNING && node.memTotal() > 0 && needMb > freeMb, "target",
                        target, "has " + freeMb + " MB free; the app needs " + needMb + " MB")
                .throwIfAny("move of app '" + app.id() + "'");
    }

    /**
     * Where is the container now? Proxmox restarts it on the source after a failed migration; a
     * lost answer may have moved it after all, and then the move goes on from there.
     *
     * @return whether the container is on the target, so that the move goes on
     */
    private boolean arrivedDespite(App app, String target, Journal journal) {
        try {
            // a lost answer leaves the migration task running: what it does next decides where the container ends up
            if (!LockWait.untilFree(context, app.node(), app.vmid(), "the migration of CT " + app.vmid())) {
                context.records.setStatus(app.id(), AppStatus.ERROR);
                journal.error(Steps.MOVE, "CT " + app.vmid() + " is still locked by a task on node " + app.node()
                        + "; the app is marked error until reconcile finds where the task left it");
                return false;
            }
            Optional<ContainerInfo> onSource = context.platform.status(app.node(), app.vmid());
            if (onSource.isPresent()) {
                AppStatus status = onSource.get().state() == ContainerState.RUNNING ? AppStatus.RUNNING : AppStatus.STOPPED;
                context.records.setStatus(app.id(), status);
                journal.warn(Steps.MOVE, "CT " + app.vmid() + " is still on node " + app.node() + " and "
                        + status.wireName() + "; the app stays there");
                return false;
            }
            LockWait.untilFree(context, target, app.vmid(), "the migration of CT " + app.vmid());
            Optional<ContainerInfo> onTarget = context.platform.status(target, app.vmid());
            if (onTarget.isPresent()) {
                journal.warn(Steps.MOVE, "CT " + app.vmid() + " reached node " + target + " although the step failed; "
                        + "the move goes on there");
                return true;
            }
            context.records.setStatus(app.id(), AppStatus.ERROR);
            journal.error(Steps.MOVE, "CT " + app.vmid() + " is on neither node; the app is marked error for reconcile");
            return false;
        } catch (RuntimeException e) {
            journal.error(Steps.MOVE, "could not tell where CT " + app.vmid() + " is: " + Journal.describe(e)
                    + "; reconcile will settle the record");
            return false;
        }
    }
}
