package dev.proximity.proxmox;

import java.util.List;

/**
 * A page of a task's log.
 *
 * @param lines the lines of the page, in order
 * @param total how many lines the log holds in all
 */
public record TaskLog(List<String> lines, int total) {

    /** Copies the lines. */
    public TaskLog {
        lines = List.copyOf(lines);
    }
}
