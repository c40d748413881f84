package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.error.InvalidRequestException;

/**
 * What the simulated node's {@code pct exec} needs to know about a container.
 *
 * @param vmid the container id
 * @param node the node whose configuration holds it; {@code pct} on any other node does not see it
 * @param running whether it is running ({@code pct exec} refuses stopped containers)
 * @param hostname its hostname, for messages and diagnostics; may be null
 */
public record GuestContainer(int vmid, String node, boolean running, String hostname) {

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
     * @param value whether the container runs
     * @return a copy with that running state
     */
    public GuestContainer withRunning(boolean value) {
        return new GuestContainer(vmid, node, value, hostname);
    }
}
