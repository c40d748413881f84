package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.ReconcileReport.Action;
import dev.proximity.api.app.ReconcileReport.Kind;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.OrphanPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One reconcile pass: the stored apps compared with what the online nodes hold, as one scan of the
 * cluster (the inventory's sync, or one container list per node; never one status call per app). Runs under the store's reconcile lock, so one pass at a
 * time per store across processes; each app it changes is locked without waiting, and an app some
 * operation holds is left to that operation.
 *
 * <p>Containers are listed before apps are read. Every container this installation creates had its
 * vmid recorded before the create call, so a container seen here with this installation's marker
 * and no record explaining it really is an orphan.
 */
final class Reconciler {

    private static final int BATCH = 500;

    private final AppContext context;
    private final AddressFinder addresses;
    private final AppRemoval removal;
    private final DeployUndo deployUndo;
    private final ContainerScan scan;
    private final Archives archives;
    private final TemporarySnapshots temporary;
    private final StackRebase rebases;

    Reconciler(AppContext context, AddressFinder addresses, AppRemoval removal, DeployUndo deployUndo, ContainerScan scan,
               Archives archives, TemporarySnapshots temporary, StackRebase rebases) {
        this.rebases = rebases;
        this.archives = archives;
        this.temporary = temporary;
        this.context = context;
        this.addresses = addresses;
        this.removal = removal;
        this.deployUndo = deployUndo;
        this.scan = scan;
    }

    ReconcileReport reconcile() {
        return context.operations.run(() -> {
            long started = System.nanoTime();
            try (StoreLock lock = context.locks.reconcile(context.settings.reconcileLockWait())) {
                return new Pass().run(started);
            }
        });
    }

    /** The state of one pass. */
    private final class Pass {
        private final List<Action> actions = new ArrayList<>();
        private final Set<String> unreachable = new LinkedHashSet<>();
        private final Map<Integer, ContainerInfo> containers = new HashMap<>();
        private final Set<Integer> recordedVmids = new HashSet<>();
        private final Set<String> appIds = new HashSet<>();
        private final Instant now = context.clock.instant();
        private int appsChecked;

        ReconcileReport run(long startedNanos) {
            listContainers();
            String after = null;
            while (true) {
                String from = after;
                List<App> batch = context.store.read(session -> session.apps().listAfter(from, BATCH));
                for (App app : batch) {
                    appsChecked++;
                    appIds.add(app.id());
                    if (app.vmid() != null) {
                        recordedVmids.add(app.vmid());
                    }
                    guarded(app.id(), app.vmid(), () -> check(app));
                    if (rebases.misplacedBase(app).isPresent() || app.vmid() != null && containers.containsKey(app.vmid())
                            && !containers.get(app.vmid()).node().equals(app.node())) {
                        guarded(app.id(), app.vmid(), () -> context.records.find(app.id()).ifPresent(this::rebaseIfMisplaced));
                    }
                }
                if (batch.size() < BATCH) {
                    break;
                }
                after = batch.get(batch.size() - 1).id();
            }
            guarded(null, null, this::orphans);
            guarded(null, null, this::leases);
            guarded(null, null, this::backups);
            guarded(null, null, this::temporarySnapshots);
            guarded(null, null, this::logs);
            return new ReconcileReport(appsChecked, containers.size(), List.copyOf(unreachable), actions,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        private void listContainers() {
            ContainerScan.Result scanned = scan.scan();
            containers.putAll(scanned.containers());
            unreachable.addAll(scanned.unreachable());
            scanned.failures().forEach(failure -> act(null, null, Kind.FAILED, failure));
        }

        /** One app's problems never stop the pass: they are reported and the next app is checked. */
        private void guarded(String appId, Integer vmid, Runnable work) {
            try {
                work.run();
            } catch (RuntimeException e) {
                act(appId, vmid, Kind.FAILED, Journal.describe(e));
            }
        }

        private void check(App app) {
            if (app.status().isTransitional()) {
                resolveTransitional(app);
                return;
            }
            if (app.vmid() == null || app.node() == null) {
                return;
            }
            ContainerInfo container = containers.get(app.vmid());
            if (container == null) {
                if (unreachable.contains(app.node())) {
                    act(app.id(), app.vmid(), Kind.NODE_UNREACHABLE, "node " + app.node() + " is not online; status "
                            + app.status().wireName() + " left as it was");
                } else if (app.status() != AppStatus.ERROR) {
                    change(app, Kind.MARKED_MISSING, "CT " + app.vmid() + " no longer exists on any online node",
                            current -> current.toBuilder().url(null).build().withStatus(AppStatus.ERROR, now));
                }
                return;
            }
            boolean moved = !container.node().equals(app.node());
            AppStatus observed = container.state() == ContainerState.RUNNING ? AppStatus.RUNNING
                    : container.state() == ContainerState.STOPPED ? AppStatus.STOPPED : null;
            boolean refreshStatus = observed != null && observed != app.status()
                    && (app.status() == AppStatus.RUNNING || app.status() == AppStatus.STOPPED);
            AppStatus status = refreshStatus ? observed : app.status();
            String url = app.url();
            if (status == AppStatus.RUNNING && app.internalPort() != null && !app.ports().isEmpty()
                    && (url == null || refreshStatus || moved)) {
                url = addresses.current(container.node(), app.vmid()).map(ip -> "http://" + ip + ":" + app.internalPort())
                        .orElse(url);
            }
            if (!moved && !refreshStatus && java.util.Objects.equals(url, app.url())) {
                return;
            }
            String newUrl = url;
            List<String> what = new ArrayList<>();
            if (moved) {
                what.add("node " + app.node() + " -> " + container.node());
            }
            if (refreshStatus) {
                what.add("status " + app.status().wireName() + " -> " + status.wireName());
            }
            if (!java.util.Objects.equals(newUrl, app.url())) {
                what.add("url " + app.url() + " -> " + newUrl);
            }
            Kind kind = refreshStatus ? Kind.STATUS_REFRESHED : moved ? Kind.NODE_REFRESHED : Kind.URL_REFRESHED;
            change(app, kind, String.join(", ", what), current -> {
                App.Builder changed = current.toBuilder().node(container.node()).url(newUrl);
                return refreshStatus ? changed.build().withStatus(status, now) : changed.updatedAt(now).build();
            });
        }

        /**
         * An app whose stack still lives under another node's base (a crash between a migration
         * and the move of the stack, or a migration done outside Proximity) gets its stack moved.
         */
        private void rebaseIfMisplaced(App app) {
            Optional<String> fromBase = rebases.misplacedBase(app);
            ContainerInfo container = app.vmid() == null ? null : containers.get(app.vmid());
            if (fromBase.isEmpty() || (app.status() != AppStatus.RUNNING && app.status() != AppStatus.STOPPED)
                    || container == null || !container.node().equals(app.node())) {
                return;
            }
            Optional<StoreLock> lock = context.locks.tryApp(app.id());
            if (lock.isEmpty()) {
                return;
            }
            try (StoreLock held = lock.get()) {
                App current = context.records.find(app.id()).orElse(null);
                if (current == null || !fromBase.equals(rebases.misplacedBase(current))) {
                    return;
                }
                try {
                    rebases.rebase(current, rebases.entryOf(current), fromBase.get(), current.status() == AppStatus.RUNNING,
                            journalOf(app.id()));
                    act(app.id(), app.vmid(), Kind.STACK_REBASED, "moved the stack from " + fromBase.get() + " to "
                            + context.settings.appDirectoryOn(current.node()) + " on node " + current.node());
                } catch (StepFailure failure) {
                    act(app.id(), app.vmid(), Kind.FAILED, "could not move the stack from " + fromBase.get() + ": "
                            + Journal.describe(failure.failure()));
                }
            }
        }

        /**
         * Changes an app if no operation holds it and nobody changed it since it was read; logs the
         * change in the app's log and reports it.
         */
        private void change(App seen, Kind kind, String detail, UnaryOperator<App> change) {
            Optional<StoreLock> lock = context.locks.tryApp(seen.id());
            if (lock.isEmpty()) {
                return;
            }
            try (StoreLock held = lock.get()) {
                try {
                    context.store.write(session -> {
                        App current = session.apps().get(seen.id()).orElse(null);
                        if (current == null || current.version() != seen.version()) {
                            throw new ConcurrentUpdateException("app", seen.id(), seen.version(), current == null ? -1 : current.version());
                        }
                        return session.apps().update(change.apply(current));
                    });
                } catch (ConcurrentUpdateException changedMeanwhile) {
                    return;
                }
                journalOf(seen.id()).info(Steps.RECONCILE, detail);
                act(seen.id(), seen.vmid(), kind, detail);
            }
        }

        private void resolveTransitional(App seen) {
            Optional<StoreLock> lock = context.locks.tryApp(seen.id());
            if (lock.isEmpty()) {
                act(seen.id(), seen.vmid(), Kind.IN_PROGRESS, seen.status().wireName() + ": an operation holds the app");
                return;
            }
            try (StoreLock held = lock.get()) {
                App app = context.records.find(seen.id()).orElse(null);
                if (app == null || !app.status().isTransitional()) {
                    return;
                }
                Instant since = app.stateChangedAt() != null ? app.stateChangedAt() : app.updatedAt();
                if (since != null && since.plus(context.settings.stuckAfter()).isAfter(now)) {
                    act(app.id(), app.vmid(), Kind.IN_PROGRESS, app.status().wireName() + " since " + since
                            + ", within the " + context.settings.stuckAfter().toMinutes() + " min threshold");
                    return;
                }
                Journal journal = journalOf(app.id());
                String stuck = app.status().wireName() + (since == null ? "" : " since " + since);
                switch (app.status()) {
                    case DEPLOYING, CLONING -> {
                        journal.warn(Steps.RECONCILE, "stuck " + stuck + " with no operation holding it; undoing it");
                        boolean undone = deployUndo.undo(app.id(), journal);
                        act(app.id(), app.vmid(), undone ? Kind.STUCK_TRANSITION_RESOLVED : Kind.FAILED,
                                (undone ? "undid a deploy stuck " : "could not fully undo a deploy stuck ") + stuck);
                    }
                    case REMOVING -> {
                        journal.warn(Steps.RECONCILE, "stuck " + stuck + "; finishing the removal");
                        try {
                            removal.remove(app, journal);
                            act(app.id(), app.vmid(), Kind.STUCK_TRANSITION_RESOLVED, "finished removing, stuck " + stuck);
                        } catch (StepFailure failure) {
                            act(app.id(), app.vmid(), Kind.FAILED, "could not finish removing: " + Journal.describe(failure.failure()));
                        }
                    }
                    default -> settleByContainer(app, journal, stuck);
                }
            }
        }

        /** Updating or adopting with nobody working on it: the container's state is the truth. */
        private void settleByContainer(App app, Journal journal, String stuck) {
            ContainerInfo container = app.vmid() == null ? null : containers.get(app.vmid());
            AppStatus status = container == null ? AppStatus.ERROR
                    : container.state() == ContainerState.RUNNING ? AppStatus.RUNNING : AppStatus.STOPPED;
            context.records.setStatus(app.id(), status);
            String detail = "stuck " + stuck + "; its container " + (container == null ? "is missing" : "is " + container.state()
                    .name().toLowerCase(java.util.Locale.ROOT)) + ", so it is now " + status.wireName();
            journal.warn(Steps.RECONCILE, detail);
            act(app.id(), app.vmid(), Kind.STUCK_TRANSITION_RESOLVED, detail);
        }

        private void orphans() {
            for (ContainerInfo container : containers.values()) {
                if (!context.marker.marks(container) || recordedVmids.contains(container.vmid())) {
                    continue;
                }
                int vmid = container.vmid();
                String node = container.node();
                Map<String, String> config = context.platform.config(node, vmid);
                Optional<String> named = InstallationMarker.appIdIn(config);
                String whose = named.map(id -> " (made for app '" + id + "')").orElse("");
                if (named.flatMap(context.records::find).map(App::vmid).filter(recorded -> recorded == vmid).isPresent()) {
                    continue;
                }
                if (context.settings.orphanPolicy() == OrphanPolicy.REPORT || container.lock() != null) {
                    act(named.orElse(null), vmid, Kind.ORPHAN_REPORTED, "CT " + vmid + " on node " + node + whose
                            + " carries this installation's marker and no record"
                            + (container.lock() != null ? "; locked (" + container.lock() + "), left for a later pass" : ""));
                    continue;
                }
                context.platform.delete(node, vmid, true, true);
                act(named.orElse(null), vmid, Kind.ORPHAN_DESTROYED, "destroyed CT " + vmid + " on node " + node + whose);
            }
        }

        private void leases() {
            Set<String> owners = new LinkedHashSet<>();
            int after = 0;
            while (true) {
                int from = after;
                List<PortLease> batch = context.store.read(session -> session.portLeases().listAfter(from, BATCH));
                for (PortLease lease : batch) {
                    boolean liveReservation = lease.state() == LeaseState.RESERVED && lease.isLive(now);
                    if (!appIds.contains(lease.ownerId()) && !liveReservation) {
                        owners.add(lease.ownerId());
                    }
                }
                if (batch.size() < BATCH) {
                    break;
                }
                after = batch.get(batch.size() - 1).port();
            }
            for (String owner : owners) {
                int released = context.store.write(session -> session.apps().get(owner).isPresent() ? 0
                        : session.portLeases().release(owner));
                if (released > 0) {
                    act(owner, null, Kind.PORTS_RELEASED, "released " + released + " port lease(s) of '" + owner
                            + "', which is not a stored app");
                }
            }
        }

        private void logs() {
            Instant cutoff = now.minus(context.settings.logRetention());
            String after = null;
            while (true) {
                String from = after;
                List<String> ids = context.store.read(session -> session.deploymentLogs().appIdsAfter(from, BATCH));
                for (String id : ids) {
                    if (appIds.contains(id)) {
                        continue;
                    }
                    int deleted = context.store.write(session -> {
                        List<DeploymentLogEntry> log = session.deploymentLogs().forApp(id);
                        boolean expired = !log.isEmpty() && log.get(log.size() - 1).timestamp().isBefore(cutoff);
                        return expired && session.apps().get(id).isEmpty() ? session.deploymentLogs().deleteForApp(id) : 0;
                    });
                    if (deleted > 0) {
                        act(id, null, Kind.LOGS_PRUNED, "deleted " + deleted + " log entries of removed app '" + id
                                + "', older than " + context.settings.logRetention().toDays() + " days");
                    }
                }
                if (ids.size() < BATCH) {
                    break;
                }
                after = ids.get(ids.size() - 1);
            }
        }

        private Journal journalOf(String appId) {
            String deploymentId = context.records.lastDeploymentId(appId).orElseGet(Ids::newDeploymentId);
            return context.journal(appId, deploymentId, DeploymentListener.NONE);
        }

        /**
         * Backups a crash left in a transitional status are settled, and those of removed apps
         * deleted, when no live operation holds their app.
         */
        private void backups() {
            String after = null;
            while (true) {
                String from = after;
                List<AppBackup> page = context.store.read((StoreSession session) -> session.backups().after(from, BATCH));
                for (AppBackup backup : page) {
                    boolean appGone = !appIds.contains(backup.appId())
                            && context.store.read((StoreSession session) -> session.apps().get(backup.appId())).isEmpty();
                    if (appGone || backup.status().isTransitional()) {
                        guarded(backup.appId(), backup.vmid(), () -> settle(backup, appGone));
                    }
                }
                if (page.size() < BATCH) {
                    return;
                }
                after = page.get(page.size() - 1).id();
            }
        }

        /** Snapshots Proximity took for itself that a crash or a failed delete left, when no live operation holds their app. */
        private void temporarySnapshots() {
            for (TemporarySnapshots.Entry entry : temporary.recorded().values()) {
                guarded(entry.appId(), entry.vmid(), () -> {
                    Optional<StoreLock> held = context.locks.tryApp(entry.appId());
                    if (held.isEmpty()) {
                        act(entry.appId(), entry.vmid(), Kind.IN_PROGRESS, "temporary snapshot '" + entry.name()
                                + "' belongs to a live operation; left alone");
                        return;
                    }
                    try (StoreLock lock = held.get()) {
                        if (unreachable.contains(entry.node())) {
                            return;
                        }
                        boolean deleted = context.platform.status(entry.node(), entry.vmid()).isPresent()
                                && LockWait.deleteSnapshotIfPresent(context, entry.node(), entry.vmid(), entry.name());
                        temporary.forget(entry.node(), entry.vmid(), entry.name());
                        if (deleted) {
                            act(entry.appId(), entry.vmid(), Kind.SNAPSHOT_DELETED, "deleted the temporary snapshot '"
                                    + entry.name() + "' of CT " + entry.vmid() + " a crash or failed step left");
                        }
                    }
                });
            }
        }

        private void settle(AppBackup backup, boolean appGone) {
            Optional<StoreLock> held = context.locks.tryApp(backup.appId());
            if (held.isEmpty()) {
                act(backup.appId(), backup.vmid(), Kind.IN_PROGRESS, "backup " + backup.id() + " is "
                        + backup.status().wireName() + " under a live operation; left alone");
                return;
            }
            try (StoreLock lock = held.get()) {
                AppBackup current = context.store.read((StoreSession session) -> session.backups().find(backup.id())).orElse(null);
                if (current == null) {
                    return;
                }
                String deploymentId = context.records.lastDeploymentId(backup.appId()).orElseGet(Ids::newDeploymentId);
                Journal journal = context.journal(backup.appId(), deploymentId, DeploymentListener.NONE);
                AppBackup settled = archives.settle(current, journal).orElse(null);
                if (settled == null) {
                    act(backup.appId(), backup.vmid(), Kind.BACKUP_SETTLED, "backup " + backup.id() + " was deleting; now deleted");
                } else if (appGone && settled.status() != BackupStatus.CREATING) {
                    archives.delete(settled, journal);
                    act(backup.appId(), backup.vmid(), Kind.BACKUP_SETTLED, "deleted backup " + backup.id()
                            + " of the removed app" + (settled.volume() == null ? "" : " and its archive " + settled.volume()));
                } else if (settled.status() != current.status()) {
                    act(backup.appId(), backup.vmid(), Kind.BACKUP_SETTLED, "backup " + backup.id() + " was "
                            + current.status().wireName() + "; now " + settled.status().wireName());
                }
            } catch (StepFailure failure) {
                throw failure.failure();
            }
        }

        private void act(String appId, Integer vmid, Kind kind, String detail) {
            actions.add(new Action(appId, vmid, kind, detail));
        }
    }
}
