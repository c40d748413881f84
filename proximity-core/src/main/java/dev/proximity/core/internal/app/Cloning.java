package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.app.Hostnames;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortRequest;
import dev.proximity.api.store.StoreLock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.proximity.api.app.DeploymentLogEntry.APP_DEPLOY;
import static dev.proximity.api.app.DeploymentLogEntry.COMPLETE;
import static dev.proximity.api.app.DeploymentLogEntry.HEALTH;
import static dev.proximity.api.app.DeploymentLogEntry.INIT;
import static dev.proximity.api.app.DeploymentLogEntry.INTENT;
import static dev.proximity.api.app.DeploymentLogEntry.LXC_START;
import static dev.proximity.api.app.DeploymentLogEntry.URL;
import static dev.proximity.api.app.DeploymentLogEntry.VMID;

/**
 * Clone an app under a new hostname: the new app is recorded ({@code cloning}, new ports) and its
 * vmid stored before Proxmox copies the container; a running source is copied from a temporary
 * snapshot that is always deleted; the copy is started, its stack moved to the new app's directory
 * and brought up on the new ports. On failure the copy, its ports and its record go; the source is
 * only read (and briefly snapshotted). A backup restored as a new app goes the same way, its copy
 * made from the archive.
 */
final class Cloning {

    private static final Set<AppStatus> CLONABLE = Set.of(AppStatus.RUNNING, AppStatus.STOPPED);
    private static final Set<AppStatus> RESTORABLE = Set.of(AppStatus.RUNNING, AppStatus.STOPPED, AppStatus.ERROR,
            AppStatus.UPDATE_FAILED);

    private final AppContext context;
    private final AddressFinder addresses;
    private final DeployUndo undo;
    private final Archives archives;
    private final TemporarySnapshots temporary;

    Cloning(AppContext context, AddressFinder addresses, DeployUndo undo, Archives archives, TemporarySnapshots temporary) {
        this.temporary = temporary;
        this.context = context;
        this.addresses = addresses;
        this.undo = undo;
        this.archives = archives;
    }

    App clone(String sourceId, String hostname) {
        return copyAs(sourceId, hostname, Steps.CLONE, CLONABLE, "running or stopped, with a container", App::node,
                this::cloneContainer);
    }

    /**
     * Restores a backup as a new app: a clone whose copy comes from the archive, on the node that
     * holds it. The restored container carries the new app's hostname and marker from the start, so
     * an undo recognises it as the new app's.
     */
    App restoreAsNew(AppBackup backup, String hostname) {
        return copyAs(backup.appId(), hostname, Steps.RESTORE, RESTORABLE, "not in the middle of another operation",
                source -> backup.node(), (source, intent, vmid, operationId, journal) -> {
                    String node = intent.node();
                    String storage = context.settings.container().storage();
                    archives.put(backup.withStatus(BackupStatus.RESTORING, context.clock.instant()));
                    try {
                        journal.step(Steps.BACKUP_RESTORE, () -> context.platform.restore(node, vmid, backup.volume(), storage,
                                false, intent.hostname(), context.marker.description(intent.id(), operationId)),
                                "restored " + backup.volume() + " as CT " + vmid + ", named '" + intent.hostname() + "'");
                    } finally {
                        archives.put(backup.withStatus(BackupStatus.COMPLETED, context.clock.instant()));
                    }
                });
    }

    /** How the new app's container comes to be, once its vmid is recorded. */
    private interface ContainerCopy {
        void make(App source, App intent, int vmid, String operationId, Journal journal);
    }

    private App copyAs(String sourceId, String hostname, String action, Set<AppStatus> allowed, String allowedText,
                       Function<App, String> nodeOf, ContainerCopy copy) {
        String host = Hostnames.normalize(hostname);
        return context.operations.run(() -> {
            try (StoreLock sourceLock = context.locks.app(sourceId)) {
                App source = context.records.get(sourceId);
                if (!allowed.contains(source.status()) || source.vmid() == null || source.node() == null) {
                    throw new InvalidTransitionException(sourceId, source.status().wireName(), action, allowedText);
                }
                CatalogEntry entry = context.catalog.find(source.catalogId()).orElseThrow(() -> InvalidRequestException.of(
                        "catalogId", source.catalogId(), "of the source is no longer in the catalog"));
                String newId = App.idFor(source.catalogId(), host);
                StoreLock newLock = context.locks.tryApp(newId).orElseThrow(() -> new AlreadyExistsException("app", "id", newId));
                try (newLock) {
                    String operationId = Ids.newDeploymentId();
                    Journal journal = Journal.beforeIntent(context.journalWriter, context.clock, newId, operationId,
                            context.withListener(DeploymentListener.NONE), context.operations::cancelled);
                    journal.info(INIT, (action.equals(Steps.CLONE) ? "cloning '" : "restoring a backup of '") + sourceId
                            + "' (CT " + source.vmid() + " on node " + source.node() + ") as '" + host + "'");
                    App intent = recordIntent(source, entry, newId, host, nodeOf.apply(source), journal);
                    try {
                        return finish(source, intent, entry, operationId, journal, copy);
                    } catch (StepFailure failure) {
                        boolean undone = undo.undo(newId, journal);
                        throw new OperationFailedException(action, newId, operationId, failure.step(), undone,
                                journal.entries(), failure.failure());
                    }
                }
            }
        });
    }

    private void cloneContainer(App source, App intent, int vmid, String operationId, Journal journal) {
        String node = source.node();
        String newId = intent.id();
        String snapshot = source.status() == AppStatus.RUNNING ? Ids.temporarySnapshot("clone") : null;
        boolean snapshotMayLand = false;
        try {
            if (snapshot != null) {
                temporary.remember(source.id(), node, source.vmid(), snapshot);
                try {
                    journal.step(Steps.SNAPSHOT_CREATE, () -> context.platform.createSnapshot(node, source.vmid(), snapshot,
                            "temporary, to clone " + source.id() + " as " + newId), "took the temporary snapshot '" + snapshot
                            + "' of the running source");
                } catch (StepFailure failure) {
                    snapshotMayLand = failure.mayHaveTakenEffect();
                    throw failure;
                }
            }
            journal.step(Steps.CLONE, () -> context.platform.cloneContainer(node, source.vmid(), vmid, intent.hostname(),
                    context.marker.description(newId, operationId), snapshot), "copied CT " + source.vmid() + " to CT " + vmid);
        } finally {
            if (snapshot != null) {
                // the temporary snapshot always goes, once the clone task has released the source
                temporary.drop(node, source.vmid(), snapshot, "the temporary snapshot", snapshotMayLand, journal);
            }
        }
    }

    private App finish(App source, App intent, CatalogEntry entry, String operationId, Journal journal, ContainerCopy copy) {
        String node = intent.node();
        String newId = intent.id();
        int vmid = journal.step(VMID, () -> recordVmid(newId, 0), id -> "recorded vmid " + id);
        for (int attempt = 1; ; attempt++) {
            try {
                copy.make(source, intent, vmid, operationId, journal);
                break;
            } catch (StepFailure failure) {
                if (!(failure.failure() instanceof VmidTakenException) || attempt >= context.settings.vmidAttempts()) {
                    throw failure;
                }
                int taken = vmid;
                journal.warn(VMID, "vmid " + taken + " was taken by another creator; recording another");
                vmid = journal.step(VMID, () -> recordVmid(newId, taken + 1), id -> "recorded vmid " + id);
            }
        }
        int copied = vmid;
        journal.step(LXC_START, () -> context.platform.start(node, copied), "started CT " + copied);
        journal.step(Steps.RELOCATE, () -> context.provisioner.relocate(node, copied, source.id(), newId),
                "moved the copied stack to " + context.provisioner.directory(node, newId));
        ComposeStack stack = ComposeStack.of(entry, newId, intent.internalPort(), context.settings.appDirectoryOn(node));
        journal.step(APP_DEPLOY, () -> context.provisioner.writeAndStart(node, copied, newId, stack, intent.environment()),
                "docker compose up -d on ports " + intent.publicPort() + "/" + intent.internalPort());
        Integer port = intent.internalPort() != null && !intent.ports().isEmpty() ? intent.internalPort() : null;
        if (port != null) {
            journal.step(HEALTH, () -> context.provisioner.awaitAnswer(node, copied, port, context.operations::cancelled),
                    probes -> "port " + port + " answers");
        }
        String url = journal.step(URL, () -> addresses.url(node, copied, port), found -> found == null
                ? "no port to publish" : "the app answers at " + found);
        App done = context.records.update(newId, current -> current.toBuilder().url(url).build()
                .withStatus(AppStatus.RUNNING, context.clock.instant()));
        journal.info(COMPLETE, "made '" + newId + "' from '" + source.id() + "'");
        return done;
    }

    /** The new app, recorded with its ports before anything exists on Proxmox. */
    private App recordIntent(App source, CatalogEntry entry, String newId, String host, String node, Journal journal) {
        Instant now = context.clock.instant();
        App intent = context.store.write(session -> {
            if (session.apps().get(newId).isPresent()) {
                throw new AlreadyExistsException("app", "id", newId);
            }
            if (session.apps().findByHostname(host).isPresent()) {
                throw new AlreadyExistsException("app", "hostname", host);
            }
            PortPair ports = context.ports.reserveIn(session, newId, PortRequest.ANY, now);
            session.portLeases().bind(newId);
            ComposeStack stack = ComposeStack.of(entry, newId, ports.internalPort(), context.settings.appDirectoryOn(node));
            Map<String, Object> config = new LinkedHashMap<>(source.config());
            config.put("cloned_from", source.id());
            App app = session.apps().insert(App.builder().id(newId).catalogId(source.catalogId()).name(source.name())
                    .hostname(host).status(AppStatus.CLONING).node(node).publicPort(ports.publicPort())
                    .internalPort(ports.internalPort()).config(config).ports(stack.ports()).volumes(stack.volumes())
                    .environment(source.environment()).ownerId(source.ownerId()).createdAt(now).updatedAt(now)
                    .stateChangedAt(now).build());
            journal.storePendingIn(session);
            return app;
        });
        journal.markStored();
        journal.info(INTENT, "recorded the clone as cloning; ports " + intent.publicPort() + " (public) and "
                + intent.internalPort() + " (internal) reserved");
        return intent;
    }

    /**
     * A free vmid recorded on the new app first, so a crash never loses track of the copy.
     *
     * @param from the lowest acceptable id (past one another creator took), or 0
     */
    private int recordVmid(String newId, int from) {
        int candidate = Math.max(from, context.platform.nextFreeVmid());
        for (int attempt = 1; ; attempt++) {
            int chosen = candidate;
            try {
                context.records.update(newId, app -> app.toBuilder().vmid(chosen).build());
                return chosen;
            } catch (AlreadyExistsException taken) {
                if (!"vmid".equals(taken.field()) || attempt >= context.settings.vmidAttempts()) {
                    throw taken;
                }
                candidate = Math.max(chosen + 1, context.platform.nextFreeVmid());
            } catch (VmidTakenException taken) {
                candidate = chosen + 1;
            }
        }
    }
}
