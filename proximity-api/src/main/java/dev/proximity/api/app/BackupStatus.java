package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a backup stands. The transitional ones are recorded before the work, so reconcile can finish or undo it. */
public enum BackupStatus {
    /** vzdump runs (or ran, and its archive is being looked for). */
    CREATING(true),
    /** The archive exists on the storage. */
    COMPLETED(false),
    /** vzdump failed; no archive was kept. The record tells what happened until it is deleted. */
    FAILED(false),
    /** The archive is being restored. */
    RESTORING(true),
    /** The archive is being deleted. */
    DELETING(true);

    private final boolean transitional;

    BackupStatus(boolean transitional) {
        this.transitional = transitional;
    }

    /** @return whether the status should be short-lived; reconcile resolves backups stuck in it */
    public boolean isTransitional() {
        return transitional;
    }

    /** @return the name used in stored data, e.g. {@code completed} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a stored name, any case
     * @return the status
     * @throws InvalidRequestException naming the value and the known statuses when it is unknown
     */
    public static BackupStatus fromWireName(String name) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (BackupStatus status : values()) {
                if (status.name().equals(wanted)) {
                    return status;
                }
            }
        }
        throw InvalidRequestException.of("status", name, "is not a known backup status; expected one of "
                + Arrays.stream(values()).map(BackupStatus::wireName).collect(Collectors.joining(", ")));
    }
}
