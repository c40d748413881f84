package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.store.StoreSession;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backups of an app's container. Taking or deleting one cannot harm the app, so their failure
 * leaves its status as it was. A restore replaces a stopped container; Proxmox keeps the old one
 * when the restore fails early (reading the archive) but has destroyed it when it fails while
 * extracting, and the app is then marked error until a restore succeeds.
 */
final class BackupActions implements AppBackups {

    /** A stopped app, or one in error whose container stopped or is gone (a failed restore may remove it). */
    private static final Set<AppStatus> RESTORABLE = Set.of(AppStatus.STOPPED, AppStatus.ERROR);
    private static final Set<AppStatus> SETTLED = Set.of(AppStatus.RUNNING, AppStatus.STOPPED, AppStatus.ERROR,
            AppStatus.UPDATE_FAILED);

    private final AppContext context;
    private final ContainerActions actions;
    private final Archives archives;
    private final Cloning cloning;

    BackupActions(AppContext context, ContainerActions actions, Archives archives, Cloning cloning) {
        this.context = context;
        this.actions = actions;
        this.archives = archives;
        this.cloning = cloning;
    }

    @Override
    public AppBackup create(BackupRequest request) {
        String storage = request.storage() != null ? request.storage() : context.settings.backupStorage();
        AppBackup[] taken = new AppBackup[1];
        actions.act(request.appId(), Steps.BACKUP, SETTLED, null, false, (app, journal) -> {
            taken[0] = archives.take(app, request.mode(), request.compression(), storage, journal);
            return app;
        });
        return taken[0];
    }

    @Override
    public List<AppBackup> list(String appId) {
        return context.operations.run(() -> {
            context.records.get(appId);
            return context.store.read((StoreSession session) -> session.backups().ofApp(appId));
        });
    }

    @Override
    public AppBackup get(String backupId) {
        return context.operations.run(() -> find(backupId));
    }

    @Override
    public void delete(String backupId) {
        String appId = get(backupId).appId();
        actions.act(appId, Steps.BACKUP_DELETE, SETTLED, null, false, (app, journal) -> {
            AppBackup backup = find(backupId);
            if (backup.status().isTransitional()) {
                throw new InvalidTransitionException(appId, "busy with backup " + backupId + " (" + backup.status().wireName()
                        + ")", "delete backup " + backupId, "completed or failed");
            }
            archives.delete(backup, journal);
            return app;
        });
    }

    @Override
    public App restore(String backupId) {
        String appId = get(backupId).appId();
        return actions.act(appId, Steps.RESTORE, RESTORABLE, null, false, (app, journal) -> {
            AppBackup backup = requireCompleted(find(backupId));
            if (!backup.node().equals(app.node())) {
                throw InvalidRequestException.of("backupId", backupId, "was taken on node '" + backup.node()
                        + "', and the app is now on '" + app.node() + "'; restore it as a new app, or move the app back first");
            }
            Optional<ContainerInfo> container = journal.step(Steps.LOCATE, () -> context.platform.status(app.node(), app.vmid()),
                    found -> found.map(ct -> "CT " + app.vmid() + " is " + ct.state().name().toLowerCase(java.util.Locale.ROOT))
                            .orElse("CT " + app.vmid() + " is gone; the restore creates it"));
            if (container.map(ct -> ct.state() == ContainerState.RUNNING).orElse(false)) {
                throw new InvalidTransitionException(appId, app.status().wireName() + " with CT " + app.vmid() + " running",
                        Steps.RESTORE, "stopped (Proxmox never restores over a running container)");
            }
            String storage = journal.step(Steps.LOCATE, () -> container.isPresent()
                    ? Resources.rootStorage(context.platform.config(app.node(), app.vmid()), context.settings)
                    : context.settings.container().storage(), chosen -> "the restored volumes go to storage '" + chosen + "'");
            archives.put(backup.withStatus(BackupStatus.RESTORING, context.clock.instant()));
            try {
                journal.step(Steps.BACKUP_RESTORE, () -> context.platform.restore(app.node(), app.vmid(), backup.volume(), storage,
                        true, null, null), "restored CT " + app.vmid() + " from " + backup.volume());
            } catch (StepFailure failure) {
                markIfDestroyed(app, journal);
                throw failure;
            } finally {
                archives.put(backup.withStatus(BackupStatus.COMPLETED, context.clock.instant()));
            }
            journal.info(Steps.RESTORE, "the app holds the state of backup " + backupId + " and stays stopped");
            return context.records.setStatus(appId, AppStatus.STOPPED);
        });
    }

    @Override
    public App restoreAsNew(String backupId, String hostname) {
        AppBackup backup = requireCompleted(get(backupId));
        return cloning.restoreAsNew(backup, hostname);
    }

    /**
     * Proxmox destroys the old volumes before it extracts the archive, so a restore that fails late
     * leaves no container; the app then says so, and restoring again brings the container back.
     */
    private void markIfDestroyed(App app, Journal journal) {
        try {
            if (context.platform.status(app.node(), app.vmid()).isEmpty()) {
                context.records.setStatus(app.id(), AppStatus.ERROR);
                journal.error(Steps.RESTORE, "the failed restore left no CT " + app.vmid() + " (Proxmox removes the old "
                        + "volumes before it extracts the archive); restore the backup again to bring the container back");
            }
        } catch (RuntimeException e) {
            journal.warn(Steps.RESTORE, "could not tell whether CT " + app.vmid() + " survived the failed restore: "
                    + Journal.describe(e) + "; reconcile will tell");
        }
    }

    private AppBackup find(String backupId) {
        return context.store.read((StoreSession session) -> session.backups().find(backupId))
                .orElseThrow(() -> new NotFoundException("backup", backupId));
    }

    private static AppBackup requireCompleted(AppBackup backup) {
        if (backup.status() != BackupStatus.COMPLETED) {
            throw new InvalidTransitionException(backup.appId(), "holding backup " + backup.id() + " as "
                    + backup.status().wireName(), "restore backup " + backup.id(), "the backup is completed");
        }
        return backup;
    }
}
