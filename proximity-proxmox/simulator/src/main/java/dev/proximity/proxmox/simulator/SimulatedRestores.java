package dev.proximity.proxmox.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /nodes/{node}/lxc} with {@code restore=1}, as pve-container runs it: a
 * {@code vzrestore} task that recreates the container from a vzdump archive, with the archive's
 * configuration (hostname, resources, tags, description, network with its MAC addresses, or new
 * ones with {@code unique=1}) under what the call sets, its root filesystem on the {@code storage}
 * asked for (default {@code local}), and the archive's files. The container holds the lock
 * {@code create} while the task runs and is stopped afterwards (unless {@code start=1}).
 *
 * <p>How a failed restore ends depends on how far it got, as in PVE: one that fails while reading
 * the archive's configuration (a missing archive, or a failure injected with
 * {@link Fault.Matcher#failTask}) leaves an existing container as it was and a new one not at all;
 * one that fails while extracting the files (a {@link ProxmoxSimulator#damageBackup damaged}
 * archive) has already destroyed the container it replaces, and leaves nothing.
 */
final class SimulatedRestores {

    private static final Pattern VOLUME_ID = Pattern.compile("([a-z][a-z0-9\\-_.]*[a-z0-9]):(.+)", Pattern.CASE_INSENSITIVE);
    /** Configuration keys a restore never takes from the archive. */
    private static final Pattern NOT_RESTORED = Pattern.compile("digest|rootfs|snapshots|unprivileged|parent|template|lock|mp\\d+|unused\\d+");
    private static final Set<String> INTEGER_KEYS = Set.of("cores", "memory", "swap", "cpuunits");
    private static final Set<String> CONFIG_KEYS = Set.of("hostname", "description", "cores", "memory", "swap", "features",
            "nameserver", "searchdomain", "arch", "ostype", "timezone", "cpulimit", "cpuunits", "net0", "net1", "net2", "net3");

    private final SimulatorState state;
    private final SimulatorSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ContainerDisks disks;
    private final BackupArchives archives;

    SimulatedRestores(SimulatorState state, SimulatorSettings settings, ScheduledExecutorService scheduler, ContainerDisks disks,
                      BackupArchives archives) {
        this.state = state;
        this.settings = settings;
        this.scheduler = scheduler;
        this.disks = disks;
        this.archives = archives;
    }

    /**
     * @param params the create parameters, already checked against the schema
     * @return the {@code vzrestore} task
     */
    String restore(String node, int vmid, Map<String, String> params, String user, String outcome) {
        boolean force = flag(params, "force");
        SimContainer existing = state.containerOn(node, vmid);
        // PVE overwrites only a container whose configuration is on this node, and only when forced
        boolean overwrite = existing != null && force;
        if (!overwrite) {
            requireUnused(vmid);
        } else if (existing.running) {
            throw ApiError.server("can't overwrite running container");
        }
        String rootfs = params.get("rootfs");
        String storage = rootfs != null ? rootfs.split(":", 2)[0] : params.getOrDefault("storage", "local");
        checkTargetStorage(storage, rootfs != null ? "rootfs" : "storage");
        String volid = params.get("ostemplate");
        Matcher id = VOLUME_ID.matcher(volid);
        if (!id.matches()) {
            throw ApiError.server("unable to parse volume ID '" + volid + "'");
        }
        if (SimulatorState.storage(id.group(1)).isEmpty()) {
            throw ApiError.server("storage '" + id.group(1) + "' does not exist");
        }
        if (overwrite && existing.lock != null) {
            throw ApiError.server("unable to restore CT " + vmid + " - CT " + vmid + " is locked (" + existing.lock + ")");
        }
        SimArchive archive = archives.find(node, volid);
        SimContainer target = overwrite ? existing : placeholder(node, vmid, archive);
        target.lock = "create";
        SimTask task = state.openTask(node, "vzrestore", Integer.toString(vmid), user);
        task.log.add("recovering backed-up configuration from '" + volid + "'");
        String exit = outcome != null ? outcome
                : archive == null ? "unable to restore CT " + vmid + " - ERROR: file '" + path(volid) + "' does not exist"
                : archive.damaged ? extractionFailure(vmid, archive) : "OK";
        // an injected failure, like a missing archive, strikes while the archive's configuration is read
        boolean failsBeforeDisks = outcome != null || archive == null;
        scheduler.schedule(() -> state.finish(task, exit, success -> {
            if (success) {
                replace(task, target, overwrite, archive, restoredConfig(archive, params, vmid, storage, rootfs), flag(params, "start"));
            } else if (failsBeforeDisks && overwrite) {
                target.lock = null;
            } else {
                if (overwrite) {
                    task.log.add("  Logical volume \"vm-" + vmid + "-disk-0\" successfully removed.");
                }
                task.log.add("restoring '" + volid + "' now..");
                task.log.add("tar: Unexpected EOF in archive");
                task.log.add("tar: Error is not recoverable: exiting now");
                state.removeContainer(target);
            }
        }), settings.taskDuration().toMillis(), TimeUnit.MILLISECONDS);
        return task.upid;
    }

    private void requireUnused(int vmid) {
        String holder = state.guestNode(vmid);
        if (holder == null) {
            return;
        }
        SimContainer ct = state.containerOn(holder, vmid);
        String taken = (ct == null ? "VM " : "CT ") + vmid + " already exists on node '" + holder + "'";
        // a restorer that lost the race to another create fails writing the config, with PVE's prefix
        throw ApiError.server(ct != null && "create".equals(ct.lock) ? "unable to restore CT " + vmid + " - " + taken : taken);
    }

    private static void checkTargetStorage(String storage, String parameter) {
        String problem = VzdumpRequest.storageIdProblem(storage);
        if (problem != null) {
            throw ApiError.parameter(parameter, "invalid format - " + problem);
        }
        if (SimulatorState.storage(storage).isEmpty()) {
            throw ApiError.server("storage '" + storage + "' does not exist");
        }
        if (!SimulatorState.storageHolds(storage, "rootdir")) {
            throw ApiError.parameter("storage", "storage '" + storage + "' does not support container directories");
        }
    }

    /** A new container exists, locked, from the moment the restore starts (PVE writes its config first). */
    private SimContainer placeholder(String node, int vmid, SimArchive archive) {
        Map<String, Object> config = new TreeMap<>();
        config.put("hostname", "CT" + vmid);
        config.put("memory", 512);
        config.put("swap", 512);
        config.put("cores", 1);
        if (archive != null) {
            config.putAll(archive.config);
        }
        SimContainer ct = new SimContainer(vmid, node, config, disks.create(vmid));
        state.putContainer(ct);
        return ct;
    }

    /** The restored container replaces the old one (or the placeholder): new disk, the archive's files, stopped. */
    private void replace(SimTask task, SimContainer target, boolean overwrite, SimArchive archive, Map<String, Object> config,
                         boolean start) {
        if (overwrite) {
            task.log.add("  Logical volume \"vm-" + target.vmid + "-disk-0\" successfully removed.");
        }
        task.log.add("  Logical volume \"vm-" + target.vmid + "-disk-0\" created.");
        task.log.add("restoring '" + archive.volid() + "' now..");
        task.log.add("Total bytes read: " + archive.size + " (" + Math.max(1, archive.size >> 20) + "MiB, 250MiB/s)");
        task.log.add("merging backed-up and given configuration..");
        task.log.add("Detected container architecture: " + config.getOrDefault("arch", "amd64"));
        SimContainer restored = new SimContainer(target.vmid, target.node, config, disks.create(target.vmid));
        ContainerDisks.copyTree(archive.files, restored.disk);
        state.removeContainer(target);
        restored.running = start;
        state.putContainer(restored);
    }

    /** The archive's configuration under what the call sets; a new MAC address per interface with {@code unique}. */
    private static Map<String, Object> restoredConfig(SimArchive archive, Map<String, String> params, int vmid, String storage,
                                                      String rootfs) {
        boolean unique = flag(params, "unique");
        Map<String, Object> config = new TreeMap<>();
        archive.config.forEach((key, value) -> {
            if (NOT_RESTORED.matcher(key).matches() || params.containsKey(key)) {
                return;
            }
            config.put(key, unique && key.matches("net\\d+") ? withNewMac(value.toString()) : value);
        });
        params.forEach((key, value) -> {
            if (CONFIG_KEYS.contains(key)) {
                config.put(key, INTEGER_KEYS.contains(key) ? (Object) Integer.parseInt(value) : value);
            } else if (key.equals("tags")) {
                config.put(key, SimulatorState.normalizeTags(value));
            } else if (key.equals("onboot")) {
                config.put(key, value.equals("1") ? 1 : 0);
            }
        });
        Object unprivileged = params.containsKey("unprivileged") ? (params.get("unprivileged").equals("1") ? 1 : null)
                : archive.config.get("unprivileged");
        if (unprivileged != null) {
            config.put("unprivileged", 1);
        }
        config.putIfAbsent("hostname", "CT" + vmid);
        config.putIfAbsent("memory", 512);
        config.putIfAbsent("swap", 512);
        config.putIfAbsent("cores", 1);
        config.put("rootfs", storage + ":vm-" + vmid + "-disk-0,size=" + sizeGiB(rootfs != null ? rootfs : archive.config.get("rootfs"))
                + "G");
        return config;
    }

    /** PVE's default MAC prefix, then three random bytes. */
    private static String withNewMac(String net) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String mac = String.format(Locale.ROOT, "BC:24:11:%02X:%02X:%02X", random.nextInt(256), random.nextInt(256), random.nextInt(256));
        return net.contains("hwaddr=") ? net.replaceFirst("hwaddr=[0-9A-Fa-f:]+", "hwaddr=" + mac)
                : net.replaceFirst("(name=[^,]+)", "$1,hwaddr=" + mac);
    }

    private static long sizeGiB(Object rootfs) {
        Matcher size = Pattern.compile("(?:size=|:)(\\d+)G?(?:,|$)").matcher(String.valueOf(rootfs));
        long giB = 4;
        while (size.find()) {
            giB = Long.parseLong(size.group(1));
        }
        return giB;
    }

    private static String extractionFailure(int vmid, SimArchive archive) {
        return "unable to restore CT " + vmid + " - command 'lxc-usernsexec -m u:0:100000:65536 -m g:0:100000:65536 -- tar xpf - "
                + "--zstd --totals --one-file-system -p --sparse --numeric-owner --acls --xattrs '--xattrs-include=user.*' "
                + "'--xattrs-include=security.capability' '--warning=no-file-ignored' '--warning=no-xattr-write' -C "
                + "/var/lib/lxc/" + vmid + "/rootfs --skip-old-files --anchored --exclude './dev/*'' failed: exit code 2";
    }

    private static String path(String volid) {
        String volname = volid.substring(volid.indexOf(':') + 1);
        return "/var/lib/vz/dump/" + volname.substring(volname.lastIndexOf('/') + 1);
    }

    private static boolean flag(Map<String, String> params, String name) {
        return params.containsKey(name) && SimulatorState.parseBoolean(name, params.get(name));
    }
}
