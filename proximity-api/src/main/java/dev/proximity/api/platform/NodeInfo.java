package dev.proximity.api.platform;

import dev.proximity.api.Validation;

/**
 * A Proxmox node and its capacity.
 *
 * @param name node name, e.g. {@code pve}
 * @param status online, offline or unknown
 * @param cpu CPU load, 0 to 1
 * @param maxCpu cores
 * @param memUsed memory in use, bytes
 * @param memTotal memory in all, bytes
 * @param diskUsed root disk in use, bytes
 * @param diskTotal root disk in all, bytes
 * @param uptimeSeconds uptime
 * @param sslFingerprint the node certificate's SHA-256 fingerprint ({@code AA:BB:..}), or null
 */
public record NodeInfo(String name, NodeStatus status, double cpu, int maxCpu, long memUsed, long memTotal,
                       long diskUsed, long diskTotal, long uptimeSeconds, String sslFingerprint) {

    /** Requires a name and status. */
    public NodeInfo {
        Validation.requiredText(name, "node");
        Validation.required(status, "status");
    }

    /** @return memory not in use, bytes */
    public long memFree() {
        return Math.max(0, memTotal - memUsed);
    }
}
