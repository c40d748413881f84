package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppSnapshot;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.platform.ContainerSnapshot;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Snapshots of an app's container. Taking or deleting one cannot harm the app, so their failure
 * leaves its status as it was; a rollback stops the container, so its failure marks the app error.
 * A snapshot whose creation failed half-way (or whose answer was lost) is deleted again.
 */
final class SnapshotActions implements AppSnapshots {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{1,39}");
    private static final Set<AppStatus> SETTLED = Set.of(AppStatus.RUNNING, AppStatus.STOPPED, AppStatus.ERROR,
            AppStatus.UPDATE_FAILED);

    private final AppContext context;
    private final ContainerActions actions;

    SnapshotActions(AppContext context, ContainerActions actions) {
        this.context = context;
        this.actions = actions;
    }

    @Override
    public AppSnapshot create(String appId, String name, String description) {
        requireValidName(name);
        App app = actions.act(appId, Steps.SNAPSHOT, SETTLED, null, false, (current, journal) -> {
            String node = current.node();
            int vmid = current.vmid();
            if (find(current, name) != null) {
                throw new AlreadyExistsException("snapshot of app '" + appId + "'", "name", name);
            }
            try {
                journal.step(Steps.SNAPSHOT_CREATE, () -> context.platform.createSnapshot(node, vmid, name, description),
                        "took snapshot '" + name + "' of CT " + vmid);
            } catch (StepFailure failure) {
                if (failure.getCause() instanceof PlatformRefusedException refused
                        && refused.reason().contains("snapshot feature is not available")) {
                    journal.error(Steps.SNAPSHOT_CREATE, "the storage of CT " + vmid + " cannot take snapshots; "
                            + "back the app up instead for a restore point");
                } else {
                    undoPartial(current, name, journal);
                }
                throw failure;
            }
            return current;
        });
        ContainerSnapshot taken = find(app, name);
        return taken == null ? new AppSnapshot(appId, name, description, null, null) : toApp(appId, taken);
    }

    /**
     * A failed or unanswered create may still have left the snapshot, or be taking it; once the
     * container's lock is free it goes, so none is orphaned.
     */
    private void undoPartial(App app, String name, Journal journal) {
        try {
            if (LockWait.deleteSnapshotIfPresent(context, app.node(), app.vmid(), name)) {
                journal.warn(Steps.SNAPSHOT_UNDO, "deleted the snapshot '" + name + "' the failed step left behind");
            }
        } catch (RuntimeException e) {
            journal.error(Steps.SNAPSHOT_UNDO, "could not delete snapshot '" + name + "' after the failure: " + Journal.describe(e)
                    + "; delete it with snapshots().delete");
        }
    }

    @Override
    public List<AppSnapshot> list(String appId) {
        return context.operations.run(() -> {
            App app = context.records.get(appId);
            requireContainer(app, "list snapshots");
            return context.platform.snapshots(app.node(), app.vmid()).stream().map(s -> toApp(appId, s)).toList();
        });
    }

    @Override
    public App rollback(String appId, String name) {
        requireValidName(name);
        return actions.act(appId, Steps.ROLLBACK, SETTLED, null, true, (app, journal) -> {
            String node = app.node();
            int vmid = app.vmid();
            if (find(app, name) == null) {
                throw new NotFoundException("snapshot of app '" + appId + "'", name);
            }
            boolean wasRunning = app.status() == AppStatus.RUNNING;
            journal.step(Steps.SNAPSHOT_ROLLBACK, () -> context.platform.rollbackSnapshot(node, vmid, name, wasRunning),
                    "rolled CT " + vmid + " back to snapshot '" + name + "'" + (wasRunning ? " and started it" : ""));
            if (wasRunning) {
                return actions.bringUp(app, journal);
            }
            return context.records.setStatus(appId, AppStatus.STOPPED);
        });
    }

    @Override
    public void delete(String appId, String name) {
        requireValidName(name);
        actions.act(appId, Steps.SNAPSHOT_DELETE, SETTLED, null, false, (app, journal) -> {
            if (find(app, name) == null) {
                throw new NotFoundException("snapshot of app '" + appId + "'", name);
            }
            journal.step(Steps.SNAPSHOT_DELETE, () -> context.platform.deleteSnapshot(app.node(), app.vmid(), name),
                    "deleted snapshot '" + name + "' of CT " + app.vmid());
            return app;
        });
    }

    private ContainerSnapshot find(App app, String name) {
        return context.platform.snapshots(app.node(), app.vmid()).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(null);
    }

    private static void requireContainer(App app, String action) {
        if (app.vmid() == null || app.node() == null) {
            throw new InvalidTransitionException(app.id(), app.status().wireName() + " with no container recorded", action,
                    "its record names a node and a vmid");
        }
    }

    private static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw InvalidRequestException.of("name", name, "must be a letter, then letters, digits, '-' or '_', 2 to 40 "
                    + "characters (Proxmox's configuration id)");
        }
        if (name.equalsIgnoreCase("current") || name.equalsIgnoreCase("vzdump")) {
            throw InvalidRequestException.of("name", name, "is reserved by Proxmox");
        }
    }

    private static AppSnapshot toApp(String appId, ContainerSnapshot snapshot) {
        return new AppSnapshot(appId, snapshot.name(), snapshot.description(), snapshot.takenAt(), snapshot.parent());
    }
}
