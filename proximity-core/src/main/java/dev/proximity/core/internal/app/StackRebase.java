package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.InvalidRequestException;

import java.util.Optional;

/**
 * Moves an app's stack to the base directory its node keeps app data under (nodes may differ, see
 * {@code Proximity.Builder.appDirectory(node, path)}): after a move, and in reconcile for an app
 * whose record still names the old base (a crash between the migration and the stack's move, or a
 * migration done outside Proximity).
 */
final class StackRebase {

    private final AppContext context;

    StackRebase(AppContext context) {
        this.context = context;
    }

    /**
     * @param app an app
     * @return the base its recorded volumes live under, when that is not its node's; empty when in place or unknown
     */
    Optional<String> misplacedBase(App app) {
        String marker = "/" + app.id() + "/volumes/";
        for (String volume : app.volumes()) {
            int at = volume.indexOf(marker);
            if (at > 0) {
                String base = volume.substring(0, at);
                return base.equals(context.settings.appDirectoryOn(app.node())) ? Optional.empty() : Optional.of(base);
            }
        }
        return Optional.empty();
    }

    /**
     * @param app an app
     * @return its catalog entry, needed to rewrite the stack
     * @throws InvalidRequestException when the catalog no longer has it
     */
    CatalogEntry entryOf(App app) {
        return context.catalog.find(app.catalogId()).orElseThrow(() -> InvalidRequestException.of("catalogId", app.catalogId(),
                "is no longer in the catalog, so the stack of '" + app.id() + "' cannot be rewritten for node " + app.node()));
    }

    /**
     * Moves the stack from {@code fromBase} to the base of the app's (new) node, rewrites its bind
     * mounts, and brings it up as a stack when it runs; a stopped container is started for the work
     * and stopped again. The record's volumes follow.
     *
     * @return the app with its new volumes
     * @throws StepFailure when a step failed
     */
    App rebase(App app, CatalogEntry entry, String fromBase, boolean running, Journal journal) {
        String node = app.node();
        int vmid = app.vmid();
        ComposeStack stack = ComposeStack.of(entry, app.id(), app.internalPort() == null ? 0 : app.internalPort(),
                context.settings.appDirectoryOn(node));
        if (!running) {
            journal.step(DeploymentLogEntry.LXC_START, () -> context.platform.start(node, vmid),
                    "started CT " + vmid + " to move its stack");
        }
        journal.step(Steps.STACK_REBASE, () -> context.provisioner.rebase(node, vmid, app.id(), fromBase, stack,
                app.environment(), running), "moved the stack from " + fromBase + " to " + context.provisioner.directory(node,
                app.id()) + " and rewrote its bind mounts" + (running ? "; recreated it as project "
                + StackProvisioner.projectName(app.id()) : ""));
        if (!running) {
            journal.step(Steps.LXC_STOP, () -> context.platform.stop(node, vmid), "stopped CT " + vmid + " again");
        }
        return context.records.update(app.id(), current -> current.toBuilder().volumes(stack.volumes()).build());
    }
}
