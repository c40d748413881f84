package dev.proximity.api.platform;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * An LXC container as Proxmox reports it.
 *
 * @param node the node holding it
 * @param vmid the container id
 * @param name the container name (its hostname)
 * @param state run state
 * @param lock a lock Proxmox holds on it (e.g. {@code create}), or null
 * @param uptimeSeconds uptime
 * @param cpus cores
 * @param mem memory in use, bytes
 * @param maxMem memory limit, bytes
 * @param tags the container's tags
 */
public record ContainerInfo(String node, int vmid, String name, ContainerState state, String lock,
                            long uptimeSeconds, int cpus, long mem, long maxMem, List<String> tags) {

    /** Validates and copies. */
    public ContainerInfo {
        Validation.requiredText(node, "node");
        Validation.required(state, "state");
        tags = Validation.copyOf(tags);
    }
}
