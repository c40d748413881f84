package dev.proximity.api.app;

import java.util.List;

/**
 * Backups of an app's container with vzdump: create, list, delete, restore. Each holds the app's
 * lock for its whole length, is logged step by step in the app's log, and is recorded before the
 * work starts, so {@code reconcile} finishes or undoes one a crash interrupted. Only the archive a
 * backup made is ever deleted: vzdump runs with pruning off, so other backups on the storage stay.
 */
public interface AppBackups {

    /**
     * Backs up a running or stopped app. One vzdump runs per node at a time: a backup asked for
     * while another runs on the node waits for it (up to the configured lock wait), then fails.
     *
     * @param request what and how
     * @return the completed backup
     * @throws dev.proximity.api.error.NotFoundException when the app does not exist
     * @throws dev.proximity.api.error.InvalidTransitionException when the app has no container (deploying, removing)
     * @throws dev.proximity.api.error.OperationFailedException when vzdump was refused or failed; the
     *         backup is then recorded as failed and no archive is left
     */
    AppBackup create(BackupRequest request);

    /**
     * @param appId the app
     * @return its backups, oldest first
     */
    List<AppBackup> list(String appId);

    /**
     * @param backupId a backup
     * @return it
     * @throws dev.proximity.api.error.NotFoundException when there is no such backup
     */
    AppBackup get(String backupId);

    /**
     * Deletes a backup's archive and its record (a failed backup has only the record).
     *
     * @param backupId the backup
     * @throws dev.proximity.api.error.NotFoundException when there is no such backup
     * @throws dev.proximity.api.error.OperationFailedException when Proxmox refused; the backup is kept as it was
     */
    void delete(String backupId);

    /**
     * Restores a backup over its app's container. The app must be stopped, or in error with its
     * container stopped or gone (Proxmox never overwrites a running container); it is stopped
     * afterwards, its ports and record kept.
     *
     * @param backupId a completed backup
     * @return the app afterwards
     * @throws dev.proximity.api.error.InvalidTransitionException when the container runs or the backup is not completed
     * @throws dev.proximity.api.error.OperationFailedException when the restore failed. Proxmox keeps the container
     *         when it fails early (reading the archive) and the app is then unchanged; failing while extracting, it
     *         has already removed the old volumes, and the app is marked error until a restore succeeds
     */
    App restore(String backupId);

    /**
     * Restores a backup as a new app under a new hostname: new container id, new ports, started
     * and checked like a deploy. On failure the new container, ports and record are removed.
     *
     * @param backupId a completed backup
     * @param hostname the new app's hostname
     * @return the new app, running
     * @throws dev.proximity.api.error.AlreadyExistsException when an app has that hostname
     * @throws dev.proximity.api.error.OperationFailedException when a step failed; nothing of the new app is left
     */
    App restoreAsNew(String backupId, String hostname);
}
