package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.store.StoreSession;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mechanics of backups every operation shares (backup, restore point of an update, app
 * removal, reconcile): each backup is recorded before vzdump runs, its archive found by listing
 * the storage afterwards, and a backup whose outcome a failure hid is settled by looking at the
 * storage once no task holds the container. Callers hold the app's lock.
 */
final class Archives {

    /** How far a storage's clock may lag ours when an archive is matched to a backup by time. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final AppContext context;

    Archives(AppContext context) {
        this.context = context;
    }

    /**
     * Records the backup, runs vzdump, finds the archive. A failure whose outcome is unclear (a
     * lost answer, a timeout) is settled from the storage: the backup is completed when its
     * archive is there, failed when not, and left {@code creating} for reconcile when the task
     * still holds the container.
     *
     * @return the completed backup
     * @throws StepFailure when no archive was made (the backup is then recorded as failed) or the outcome is unknown
     */
    AppBackup take(App app, BackupMode mode, BackupCompression compression, String storage, Journal journal) {
        Instant now = context.clock.instant();
        AppBackup record = new AppBackup(Ids.newBackupId(now), app.id(), app.node(), app.vmid(), storage, null, 0, mode,
                compression, BackupStatus.CREATING, now, now);
        journal.step(Steps.BACKUP_RECORD, () -> put(record), "recorded backup " + record.id() + " as creating");
        try {
            journal.step(Steps.BACKUP_CREATE, () -> context.platform.backup(app.node(), app.vmid(), mode, compression, storage,
                    context.settings.backupLockWait()), "vzdump of CT " + app.vmid() + " to storage '" + storage + "' ("
                    + mode.wireName() + " mode, " + compression.format() + ")");
            BackupVolume archive = journal.step(Steps.BACKUP_FIND, () -> archiveOf(record).orElseThrow(() -> new PlatformException(
                    "GET /nodes/" + app.node() + "/storage/" + storage + "/content", "vzdump finished, but no new archive of CT "
                    + app.vmid() + " is on storage '" + storage + "'", null)), found -> "the archive is " + found.volume()
                    + " (" + found.sizeBytes() + " bytes)");
            AppBackup done = record.completed(archive.volume(), archive.sizeBytes(), context.clock.instant());
            put(done);
            return done;
        } catch (StepFailure failure) {
            AppBackup settled = settleCreating(record, journal, failure.mayHaveTakenEffect());
            if (settled.status() == BackupStatus.COMPLETED) {
                journal.warn(Steps.BACKUP_FIND, "the failure hid a finished backup: its archive " + settled.volume() + " is there");
                return settled;
            }
            throw failure;
        }
    }

    /**
     * Settles a backup recorded as creating whose vzdump may or may not have finished.
     *
     * @return the backup as now recorded: completed, failed, or still creating when a task holds the container
     */
    AppBackup settleCreating(AppBackup backup, Journal journal) {
        return settleCreating(backup, journal, false);
    }

    /**
     * @param requestMayLand whether the vzdump request went unanswered, so that the node may still
     *                       start it: then no archive yet means "not known", and the backup stays
     *                       creating for reconcile rather than failed
     */
    private AppBackup settleCreating(AppBackup backup, Journal journal, boolean requestMayLand) {
        try {
            if (!LockWait.untilFree(context, backup.node(), backup.vmid(), "the backup task on CT " + backup.vmid())) {
                journal.warn(Steps.BACKUP_FIND, "CT " + backup.vmid() + " is still locked by a task; backup " + backup.id()
                        + " stays creating until reconcile settles it");
                return backup;
            }
            Optional<BackupVolume> archive = archiveOf(backup);
            if (archive.isEmpty() && requestMayLand) {
                journal.warn(Steps.BACKUP_FIND, "vzdump went unanswered and its archive is not there yet; backup " + backup.id()
                        + " stays creating until reconcile settles it");
                return backup;
            }
            AppBackup settled = archive.map(found -> backup.completed(found.volume(), found.sizeBytes(), context.clock.instant()))
                    .orElseGet(() -> backup.withStatus(BackupStatus.FAILED, context.clock.instant()));
            put(settled);
            if (settled.status() == BackupStatus.FAILED) {
                journal.error(Steps.BACKUP_FIND, "no archive of backup " + backup.id() + " was kept; it is recorded as failed");
            }
            return settled;
        } catch (RuntimeException e) {
            journal.warn(Steps.BACKUP_FIND, "could not tell whether vzdump left an archive (" + Journal.describe(e)
                    + "); backup " + backup.id() + " stays creating until reconcile settles it");
            return backup;
        }
    }

    /**
     * The archive of a backup: the newest archive of its container on its storage written since
     * it was asked for that no other backup record claims.
     */
    Optional<BackupVolume> archiveOf(AppBackup backup) {
        List<BackupVolume> listed = context.platform.backups(backup.node(), backup.storage(), backup.vmid());
        Set<String> claimed = context.store.read((StoreSession session) -> session.backups().ofApp(backup.appId())).stream()
                .filter(other -> !other.id().equals(backup.id()) && other.volume() != null)
                .map(AppBackup::volume).collect(Collectors.toSet());
        Instant since = backup.createdAt().minus(CLOCK_SKEW);
        return listed.stream()
                .filter(volume -> !claimed.contains(volume.volume()))
                .filter(volume -> volume.createdAt() == null || !volume.createdAt().isBefore(since))
                .reduce((older, newer) -> newer);
    }

    /**
     * Deletes a backup's archive (when it is still there) and then its record. When the delete
     * fails, the storage decides: an archive that is gone anyway takes its record along; one that
     * is still there is kept as completed, unless the delete went unanswered and may still land:
     * then the backup stays deleting and reconcile finishes the delete.
     *
     * @throws StepFailure when the archive is still there
     */
    void delete(AppBackup backup, Journal journal) {
        if (backup.volume() == null) {
            journal.step(Steps.BACKUP_DELETE, () -> remove(backup), "deleted the record of " + backup.status().wireName()
                    + " backup " + backup.id() + " (it has no archive)");
            return;
        }
        put(backup.withStatus(BackupStatus.DELETING, context.clock.instant()));
        try {
            journal.step(Steps.BACKUP_DELETE, () -> {
                if (isListed(backup)) {
                    context.platform.deleteVolume(backup.node(), backup.volume());
                }
            }, "deleted the archive " + backup.volume());
        } catch (StepFailure failure) {
            try {
                if (!isListed(backup)) {
                    remove(backup);
                    journal.warn(Steps.BACKUP_DELETE, "the failure hid a finished delete: " + backup.volume() + " is gone");
                    return;
                }
                if (failure.mayHaveTakenEffect()) {
                    journal.warn(Steps.BACKUP_DELETE, "the delete of " + backup.volume() + " went unanswered and the archive is "
                            + "still there; backup " + backup.id() + " stays deleting and reconcile finishes the delete");
                } else {
                    put(backup.withStatus(BackupStatus.COMPLETED, context.clock.instant()));
                    journal.error(Steps.BACKUP_DELETE, "the archive " + backup.volume() + " is still there; backup " + backup.id()
                            + " is kept as completed");
                }
            } catch (RuntimeException e) {
                journal.warn(Steps.BACKUP_DELETE, "could not tell whether " + backup.volume() + " is gone (" + Journal.describe(e)
                        + "); backup " + backup.id() + " stays deleting until reconcile settles it");
            }
            throw failure;
        }
        remove(backup);
    }

    /**
     * Deletes every backup of an app that is being removed. One that cannot be deleted now (its
     * task still runs, or Proxmox refused) is kept and logged; reconcile deletes it once the app is gone.
     *
     * @return how many were deleted
     */
    int purge(String appId, Journal journal) {
        int deleted = 0;
        for (AppBackup backup : context.store.read((StoreSession session) -> session.backups().ofApp(appId))) {
            try {
                Optional<AppBackup> settled = settle(backup, journal);
                if (settled.isEmpty()) {
                    deleted++;
                } else if (settled.get().status() != BackupStatus.CREATING) {
                    delete(settled.get(), journal);
                    deleted++;
                }
            } catch (RuntimeException e) {
                journal.warn(Steps.BACKUP_DELETE, "backup " + backup.id() + " was not deleted (" + Journal.describe(
                        e instanceof StepFailure failure ? failure.failure() : e) + "); reconcile deletes it later");
            }
        }
        return deleted;
    }

    /**
     * Finishes what a crash or lost answer left of a backup: creating is settled from the storage,
     * restoring (Proxmox either restored or kept the container) is completed again, deleting is
     * deleted again. No live operation may hold the backup's app.
     *
     * @return the backup as now recorded; empty when it was being deleted and now is
     */
    Optional<AppBackup> settle(AppBackup backup, Journal journal) {
        return switch (backup.status()) {
            case CREATING -> Optional.of(settleCreating(backup, journal));
            case RESTORING -> {
                AppBackup completed = backup.withStatus(BackupStatus.COMPLETED, context.clock.instant());
                put(completed);
                yield Optional.of(completed);
            }
            case DELETING -> {
                delete(backup.withStatus(BackupStatus.COMPLETED, backup.updatedAt()), journal);
                yield Optional.empty();
            }
            case COMPLETED, FAILED -> Optional.of(backup);
        };
    }

    private boolean isListed(AppBackup backup) {
        return context.platform.backups(backup.node(), backup.storage(), backup.vmid()).stream()
                .anyMatch(volume -> volume.volume().equals(backup.volume()));
    }

    void put(AppBackup backup) {
        context.store.write((StoreSession session) -> {
            session.backups().put(backup);
            return null;
        });
    }

    private void remove(AppBackup backup) {
        context.store.write((StoreSession session) -> session.backups().delete(backup.id()));
    }
}
