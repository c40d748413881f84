package dev.proximity.proxmox.simulator;

import java.util.Locale;
import java.util.Objects;

/**
 * A node the simulator serves: its name, capacity and cluster status.
 *
 * @param name node name, e.g. {@code pve}
 * @param maxMemBytes memory in all, bytes
 * @param maxCpu cores
 * @param status {@code online}, {@code offline} or {@code unknown}
 */
public record SimulatedNode(String name, long maxMemBytes, int maxCpu, String status) {

    /** Validates the node. */
    public SimulatedNode {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9-]*")) {
            throw new IllegalArgumentException("node name '" + name + "' is not a valid host name");
        }
        if (maxMemBytes <= 0 || maxCpu <= 0) {
            throw new IllegalArgumentException("node '" + name + "' needs positive memory and cores");
        }
        status = Objects.requireNonNull(status, "status").toLowerCase(Locale.ROOT);
        if (!status.equals("online") && !status.equals("offline") && !status.equals("unknown")) {
            throw new IllegalArgumentException("node status must be online, offline or unknown, was '" + status + "'");
        }
    }

    /**
     * @param name node name
     * @param maxMemGiB memory in GiB
     * @param maxCpu cores
     * @return an online node
     */
    public static SimulatedNode online(String name, int maxMemGiB, int maxCpu) {
        return new SimulatedNode(name, maxMemGiB * (1L << 30), maxCpu, "online");
    }

    /**
     * @param newStatus the status
     * @return this node with another status
     */
    public SimulatedNode withStatus(String newStatus) {
        return new SimulatedNode(name, maxMemBytes, maxCpu, newStatus);
    }
}
