package dev.proximity.api.store;

import dev.proximity.api.app.AppBackup;

import java.util.List;
import java.util.Optional;

/** The backups of apps' containers. */
public interface BackupRepository {

    /** @param backup a backup to insert, or to replace the one with its id */
    void put(AppBackup backup);

    /**
     * @param id a backup id
     * @return the backup, if kept
     */
    Optional<AppBackup> find(String id);

    /**
     * @param appId an app id (the app may be gone)
     * @return its backups, oldest first (by creation time, then id)
     */
    List<AppBackup> ofApp(String appId);

    /**
     * @param afterId exclusive lower bound, or null to start at the first
     * @param limit at most this many
     * @return backups in id order, for reconcile and for copying a store record by record
     */
    List<AppBackup> after(String afterId, int limit);

    /**
     * @param id a backup id
     * @return whether it was kept
     */
    boolean delete(String id);
}
