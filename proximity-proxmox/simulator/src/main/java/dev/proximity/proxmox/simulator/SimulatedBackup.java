package dev.proximity.proxmox.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one backup archive the simulator holds, taken when it was asked for.
 *
 * @param node the node whose storage holds it (a {@code local} storage is the node's own)
 * @param volid its volume id, e.g. {@code local:backup/vzdump-lxc-101-2026_12_01-10_00_00.tar.zst}
 * @param vmid the container it holds
 * @param format {@code tar}, {@code tar.lzo}, {@code tar.gz} or {@code tar.zst}
 * @param sizeBytes its size
 * @param createdAt when it was written (the time in its name)
 * @param notes its notes, or null
 * @param isProtected whether it is protected from pruning and deletion
 * @param config the container's configuration it restores
 * @param files the copy of the container's root filesystem it restores
 */
public record SimulatedBackup(String node, String volid, int vmid, String format, long sizeBytes, Instant createdAt,
                              String notes, boolean isProtected, Map<String, Object> config, Path files) {

    /** Copies the configuration. */
    public SimulatedBackup {
        config = Map.copyOf(config);
    }
}
