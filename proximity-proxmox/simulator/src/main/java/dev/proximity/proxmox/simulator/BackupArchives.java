package dev.proximity.proxmox.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backup archives on every node's storages. A {@code local} storage belongs to its node, so
 * each node lists only its own archives. Guarded by the simulator state's lock.
 */
final class BackupArchives {

    /** The simulated nodes keep their clocks in UTC: archive names and retention periods follow it. */
    static final ZoneId ZONE = ZoneOffset.UTC;
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss").withZone(ZONE);
    private static final Map<String, String> FORMATS = Map.of("0", "tar", "1", "tar.lzo", "lzo", "tar.lzo", "gzip", "tar.gz",
            "zstd", "tar.zst");
    /** tar's own blocks and the configuration vzdump adds to every archive */
    private static final long TAR_OVERHEAD = 10_240;

    private final ContainerDisks disks;
    private final Map<String, Map<String, SimArchive>> byNode = new TreeMap<>();

    BackupArchives(ContainerDisks disks) {
        this.disks = disks;
    }

    /** @return the archive format vzdump writes for a {@code compress} value */
    static String format(String compress) {
        return FORMATS.get(compress);
    }

    /**
     * vzdump names an archive after the second it started; the simulator never lets two archives of
     * a guest share that second (a fast second backup would overwrite the first), so it moves on.
     *
     * @return the first second at or after {@code from} no archive of the guest on that storage is named after
     */
    long freeSecond(String node, String storage, int vmid, long from) {
        long second = from;
        while (true) {
            String stem = "vzdump-lxc-" + vmid + "-" + NAME_TIME.format(Instant.ofEpochSecond(second)) + ".";
            if (on(node, storage).stream().noneMatch(archive -> archive.fileName.startsWith(stem))) {
                return second;
            }
            second++;
        }
    }

    /** Writes an archive of the container as it is now: its configuration and a copy of its files. */
    SimArchive write(String node, String storage, SimContainer ct, String format, long ctime) {
        String fileName = "vzdump-lxc-" + ct.vmid + "-" + NAME_TIME.format(Instant.ofEpochSecond(ctime)) + "." + format;
        Path files = disks.copyPath(fileName);
        ContainerDisks.copyTree(ct.disk, files);
        long tar = ContainerDisks.bytes(files) + TAR_OVERHEAD;
        long size = format.equals("tar") ? tar : format.equals("tar.lzo") ? tar * 6 / 10 : tar / 2;
        SimArchive archive = new SimArchive(node, storage, fileName, ct.vmid, format, size, ctime, ct.config, files);
        byNode.computeIfAbsent(node, any -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER)).put(archive.volid(), archive);
        return archive;
    }

    /** @return the archive with that volume id on the node's storage, or null */
    SimArchive find(String node, String volid) {
        return byNode.getOrDefault(node, Map.of()).get(volid);
    }

    /** @return the archives on that node's storage, by volume id as PVE sorts them */
    List<SimArchive> on(String node, String storage) {
        return byNode.getOrDefault(node, Map.of()).values().stream().filter(archive -> archive.storage.equals(storage)).toList();
    }

    /** @return one guest's archives on that node's storage */
    List<SimArchive> of(String node, String storage, int vmid) {
        return on(node, storage).stream().filter(archive -> archive.vmid == vmid).toList();
    }

    /** @return every archive on every node */
    List<SimArchive> all() {
        List<SimArchive> all = new ArrayList<>();
        byNode.values().forEach(archives -> all.addAll(archives.values()));
        return all;
    }

    /** Deletes the archive and its copy of the files. */
    void remove(SimArchive archive) {
        Map<String, SimArchive> archives = byNode.get(archive.node);
        if (archives != null && archives.remove(archive.volid(), archive)) {
            ContainerDisks.deleteTree(archive.files);
        }
    }
}
