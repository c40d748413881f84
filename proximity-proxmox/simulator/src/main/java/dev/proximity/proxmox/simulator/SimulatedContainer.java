package dev.proximity.proxmox.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one container the simulator holds, taken at the moment it was asked for.
 *
 * @param vmid the container id
 * @param node the node holding it
 * @param running whether it runs
 * @param hostname its hostname
 * @param lock the lock Proxmox would show (e.g. {@code create}), or null
 * @param memoryMb its memory limit, MB
 * @param cores its cores
 * @param tags its tags
 * @param config its configuration as {@code GET .../config} shows it (without {@code digest})
 * @param disk its root filesystem: a directory scripts run by {@code pct exec} work in
 */
public record SimulatedContainer(int vmid, String node, boolean running, String hostname, String lock,
                                 int memoryMb, int cores, List<String> tags, Map<String, Object> config, Path disk) {

    /** @return the OS type Proxmox derived from the template ({@code debian}, {@code ubuntu}, {@code alpine}...) */
    public String ostype() {
        return String.valueOf(config.getOrDefault("ostype", "debian"));
    }

    /** Copies the collections. */
    public SimulatedContainer {
        tags = List.copyOf(tags);
        config = Map.copyOf(config);
    }
}
