package dev.proximity.core.internal.inventory;

import java.time.Duration;
import java.util.Objects;

/**
 * How the inventory syncs and how long it keeps history.
 *
 * @param retention snapshots and finished tasks older than this are pruned
 * @param lockWait how long a sync waits for another process's sync to finish
 * @param taskLimit at most this many tasks read per node and sync
 * @param interval how often a periodic sync runs, or null for none
 * @param metricsRefresh volatile counters alone are stored at most this often per resource (zero: every sync)
 */
public record InventorySettings(Duration retention, Duration lockWait, int taskLimit, Duration interval,
                                Duration metricsRefresh) {

    /** Validates. */
    public InventorySettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(lockWait, "lockWait");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("inventory retention must be positive, was " + retention);
        }
        if (taskLimit < 1) {
            throw new IllegalArgumentException("inventory task limit must be at least 1, was " + taskLimit);
        }
        Objects.requireNonNull(metricsRefresh, "metricsRefresh");
        if (metricsRefresh.isNegative()) {
            throw new IllegalArgumentException("inventory metrics refresh must not be negative, was " + metricsRefresh);
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("inventory interval must be positive, was " + interval);
        }
    }

    /** @return 90 days of history, a 60 s lock wait, 500 tasks per node, no periodic sync, counters every 5 min */
    public static InventorySettings defaults() {
        return new InventorySettings(Duration.ofDays(90), Duration.ofSeconds(60), 500, null, Duration.ofMinutes(5));
    }
}
