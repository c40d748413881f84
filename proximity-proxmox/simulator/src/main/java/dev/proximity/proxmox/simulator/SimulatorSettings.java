package dev.proximity.proxmox.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulated cluster behaves over time.
 *
 * @param taskDuration how long each worker task runs
 * @param taskVisibilityDelay how long a new task answers {@code no such task}, as real nodes briefly do
 * @param flavor which server generation to imitate
 * @param lockWaitMinute how long one minute of vzdump's {@code lockwait} lasts (a minute, unless a test shortens it)
 * @param backupRetention each storage's {@code prune-backups}; a storage not named keeps every backup
 */
record SimulatorSettings(Duration taskDuration, Duration taskVisibilityDelay, ApiFlavor flavor, Duration lockWaitMinute,
                         Map<String, BackupRetention> backupRetention) {

    /** Copies the retentions. */
    SimulatorSettings {
        backupRetention = Map.copyOf(backupRetention);
    }
}
