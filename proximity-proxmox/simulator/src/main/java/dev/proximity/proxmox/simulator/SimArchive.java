package dev.proximity.proxmox.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A vzdump archive on a node's storage, guarded by the simulator state's lock. */
final class SimArchive {
    final String node;
    final String storage;
    final String fileName;
    final int vmid;
    final String format;
    final long size;
    final long ctime;
    final Map<String, Object> config;
    /** A copy of the container's root filesystem as it was backed up. */
    final Path files;
    String notes;
    boolean isProtected;
    /** A damaged archive cannot be extracted: a restore from it fails after it destroyed what it replaces. */
    boolean damaged;

    SimArchive(String node, String storage, String fileName, int vmid, String format, long size, long ctime,
               Map<String, Object> config, Path files) {
        this.node = node;
        this.storage = storage;
        this.fileName = fileName;
        this.vmid = vmid;
        this.format = format;
        this.size = size;
        this.ctime = ctime;
        this.config = new TreeMap<>(config);
        this.files = files;
    }

    String volid() {
        return storage + ":backup/" + fileName;
    }

    /** @return where PVE keeps it: a directory storage's {@code dump} folder */
    String path() {
        return "/var/lib/vz/dump/" + fileName;
    }

    /** @return the archive as {@code GET .../storage/{storage}/content} lists it */
    Map<String, Object> contentJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("volid", volid());
        json.put("content", "backup");
        json.put("format", format);
        json.put("size", size);
        json.put("ctime", ctime);
        json.put("vmid", vmid);
        json.put("subtype", "lxc");
        if (notes != null) {
            // the listing shows only the first line of the notes
            json.put("notes", notes.lines().findFirst().orElse(""));
        }
        json.put("protected", isProtected ? 1 : 0);
        return json;
    }

    SimulatedBackup snapshot() {
        return new SimulatedBackup(node, volid(), vmid, format, size, Instant.ofEpochSecond(ctime), notes, isProtected,
                config, files);
    }
}
