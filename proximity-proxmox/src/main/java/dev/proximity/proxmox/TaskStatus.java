package dev.proximity.proxmox;

/**
 * A task's status as {@code GET /nodes/{node}/tasks/{upid}/status} reports it.
 *
 * @param upid the task
 * @param running whether it still runs
 * @param exitStatus once stopped: {@code OK}, {@code WARNINGS: n} or the error text; null while running
 */
public record TaskStatus(Upid upid, boolean running, String exitStatus) {

    /** @return whether the task stopped successfully ({@code OK} or {@code WARNINGS: n}) */
    public boolean succeeded() {
        return !running && exitStatus != null && (exitStatus.equals("OK") || exitStatus.startsWith("WARNINGS:"));
    }

    /** @return whether the task stopped with warnings */
    public boolean hasWarnings() {
        return !running && exitStatus != null && exitStatus.startsWith("WARNINGS:");
    }
}
