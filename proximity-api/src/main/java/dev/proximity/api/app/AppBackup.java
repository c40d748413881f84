package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.time.Instant;

/**
 * A vzdump backup of an app's container, as the store keeps it.
 *
 * @param id the backup's id
 * @param appId the app it was taken of
 * @param node the node that holds the archive's storage (local storage is per node)
 * @param vmid the container it was taken of
 * @param storage the storage holding the archive, e.g. {@code local}
 * @param volume the archive's volume id, e.g. {@code local:backup/vzdump-lxc-101-2026_12_01-10_00_00.tar.zst};
 *               null until the archive was found
 * @param sizeBytes the archive's size, 0 until known
 * @param mode how it was taken
 * @param compression how the archive is compressed
 * @param status where it stands
 * @param createdAt when it was asked for
 * @param updatedAt when its status last changed
 */
public record AppBackup(String id, String appId, String node, int vmid, String storage, String volume, long sizeBytes,
                        BackupMode mode, BackupCompression compression, BackupStatus status, Instant createdAt,
                        Instant updatedAt) {

    /** Validates. */
    public AppBackup {
        Validation.requiredText(id, "id");
        Validation.requiredText(appId, "appId");
        Validation.requiredText(node, "node");
        Validation.inRange(vmid, 100, 999_999_999, "vmid");
        Validation.requiredText(storage, "storage");
        Validation.inRange(sizeBytes, 0, Long.MAX_VALUE, "sizeBytes");
        Validation.required(mode, "mode");
        Validation.required(compression, "compression");
        Validation.required(status, "status");
        Validation.required(createdAt, "createdAt");
        Validation.required(updatedAt, "updatedAt");
        Validation.errors()
                .check(status == BackupStatus.COMPLETED && volume == null, "volume", null,
                        "is required once a backup is completed")
                .throwIfAny("backup " + id);
    }

    /**
     * @param newStatus the new status
     * @param at when it changed
     * @return a copy with that status
     */
    public AppBackup withStatus(BackupStatus newStatus, Instant at) {
        return new AppBackup(id, appId, node, vmid, storage, volume, sizeBytes, mode, compression, newStatus, createdAt, at);
    }

    /**
     * @param archive the archive found on the storage
     * @param size its size
     * @param at when it was found
     * @return a completed copy naming the archive
     */
    public AppBackup completed(String archive, long size, Instant at) {
        return new AppBackup(id, appId, node, vmid, storage, archive, size, mode, compression, BackupStatus.COMPLETED,
                createdAt, at);
    }
}
