package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.error.InvalidRequestException;

import java.nio.file.Path;

/**
 * What the simulated node's {@code pct exec} needs to know about a container.
 *
 * @param vmid the container id
 * @param node the node whose configuration holds it; {@code pct} on any other node does not see it
 * @param running whether it is running ({@code pct exec} refuses stopped containers)
 * @param hostname its hostname, for messages and diagnostics; may be null
 * @param ostype its OS type ({@code debian}, {@code ubuntu}, {@code alpine}...): which package manager
 *               the simulated guest offers; null means {@code debian}
 * @param disk its root filesystem, where scripts run; null lets the SSH node keep a scratch directory
 */
public record GuestContainer(int vmid, String node, boolean running, String hostname, String ostype, Path disk) {

    /** Requires a positive vmid and a node name. */
    public GuestContainer {
        if (vmid <= 0) {
            throw InvalidRequestException.of("vmid", vmid, "must be positive");
        }
        if (node == null || node.isBlank()) {
            throw InvalidRequestException.of("node", node, "must not be blank");
        }
    }

    /**
     * A Debian container whose filesystem the SSH node keeps.
     *
     * @param vmid the container id
     * @param node the node holding it
     * @param running whether it runs
     * @param hostname its hostname, or null
     */
    public GuestContainer(int vmid, String node, boolean running, String hostname) {
        this(vmid, node, running, hostname, null, null);
    }

    /**
     * @param value whether the container runs
     * @return a copy with that running state
     */
    public GuestContainer withRunning(boolean value) {
        return new GuestContainer(vmid, node, value, hostname, ostype, disk);
    }
}
