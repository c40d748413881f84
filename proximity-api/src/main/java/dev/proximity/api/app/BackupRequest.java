package dev.proximity.api.app;

import dev.proximity.api.Validation;

/**
 * What to back up and how.
 *
 * @param appId the app
 * @param mode how vzdump keeps the container consistent; null for {@link BackupMode#SNAPSHOT}
 * @param compression how the archive is compressed; null for {@link BackupCompression#ZSTD}
 * @param storage the storage for the archive (it must hold backups); null for the configured one ({@code local} by default)
 */
public record BackupRequest(String appId, BackupMode mode, BackupCompression compression, String storage) {

    /** Validates and fills the defaults. */
    public BackupRequest {
        Validation.requiredText(appId, "appId");
        mode = mode == null ? BackupMode.SNAPSHOT : mode;
        compression = compression == null ? BackupCompression.ZSTD : compression;
        Validation.errors()
                .check(storage != null && !storage.matches("[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]"), "storage", storage,
                        "must be a Proxmox storage id like local")
                .throwIfAny("backup request");
    }

    /**
     * @param appId the app
     * @return a snapshot-mode, zstd-compressed backup to the configured storage
     */
    public static BackupRequest of(String appId) {
        return new BackupRequest(appId, null, null, null);
    }
}
