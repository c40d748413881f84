package dev.proximity.api.app;

import java.util.Locale;

/** How vzdump keeps a container consistent while it writes the archive. */
public enum BackupMode {
    /**
     * A storage snapshot while the container runs (the default). On storage without snapshots
     * Proxmox falls back to {@link #SUSPEND} and says so in the task log.
     */
    SNAPSHOT,
    /** Copies the running container, then suspends it briefly for a second, consistent pass. */
    SUSPEND,
    /** Stops the container for the whole backup and starts it again afterwards. */
    STOP;

    /** @return the name vzdump takes, e.g. {@code snapshot} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
