package dev.proximity.proxmox.simulator;

import java.time.Duration;

/**
 * How the simulated cluster behaves over time.
 *
 * @param taskDuration how long each worker task runs
 * @param taskVisibilityDelay how long a new task answers {@code no such task}, as real nodes briefly do
 * @param flavor which server generation to imitate
 */
record SimulatorSettings(Duration taskDuration, Duration taskVisibilityDelay, ApiFlavor flavor) {
}
