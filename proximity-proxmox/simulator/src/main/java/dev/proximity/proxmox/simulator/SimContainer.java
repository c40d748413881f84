package dev.proximity.proxmox.simulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's mutable state, guarded by the simulator state's lock. */
final class SimContainer {
    final int vmid;
    String node;
    final Map<String, Object> config;
    final Path disk;
    final Map<String, SimSnapshot> snapshots = new LinkedHashMap<>();
    String currentParent;
    boolean running;
    String lock;

    SimContainer(int vmid, String node, Map<String, Object> config, Path disk) {
        this.vmid = vmid;
        this.node = node;
        this.config = config;
        this.disk = disk;
    }

    String hostname() {
        return String.valueOf(config.get("hostname"));
    }

    int memoryMb() {
        return ((Number) config.get("memory")).intValue();
    }

    /** @return the storage its root filesystem lives on, e.g. {@code local-lvm} */
    String rootStorage() {
        return String.valueOf(config.get("rootfs")).split(":", 2)[0];
    }

    String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    SimulatedContainer snapshot() {
        Object tags = config.get("tags");
        List<String> tagList = tags == null ? List.of() : List.of(tags.toString().split(";"));
        return new SimulatedContainer(vmid, node, running, hostname(), lock, memoryMb(),
                ((Number) config.get("cores")).intValue(), tagList, config, disk);
    }
}
