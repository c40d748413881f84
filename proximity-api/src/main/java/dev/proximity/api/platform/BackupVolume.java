package dev.proximity.api.platform;

import dev.proximity.api.Validation;

import java.time.Instant;

/**
 * A backup archive as a storage lists it.
 *
 * @param volume its volume id, e.g. {@code local:backup/vzdump-lxc-101-2026_12_01-10_00_00.tar.zst}
 * @param format its format, e.g. {@code tar.zst}
 * @param sizeBytes its size
 * @param createdAt when it was written, or null when the storage does not say
 * @param vmid the guest it holds, or 0 when the storage does not say
 */
public record BackupVolume(String volume, String format, long sizeBytes, Instant createdAt, int vmid) {

    /** Validates. */
    public BackupVolume {
        Validation.requiredText(volume, "volume");
        format = format == null ? "" : format;
    }
}
