package dev.proximity.core.testing;

import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.ContainerSnapshot;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An in-memory {@link ContainerPlatform} for proximity-core's fast tests: nodes with memory,
 * containers with a config, a run state and tags, Proxmox's refusals for the cases the core meets
 * (a taken vmid, a missing container), and fault injection per call. The end-to-end proof runs
 * against the real Proxmox simulator over HTTPS; this one only makes the core's own tests quick.
 */
public final class FakePlatform implements ContainerPlatform {

    private static final long MIB = 1L << 20;

    private final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    private final Map<Integer, FakeContainer> containers = new TreeMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    /** Backup archives by volume id, with the config and run state each restores. */
    private final Map<String, FakeArchive> archives = new TreeMap<>();
    private long archiveClock;

    /** A backup archive: what the storage lists, and the container state it holds. */
    private record FakeArchive(String node, BackupVolume volume, Map<String, String> config) {
    }

    /** A node with its status and memory. */
    private static final class FakeNode {
        final String name;
        NodeStatus status = NodeStatus.ONLINE;
        final long memTotal;

        FakeNode(String name, long memTotal) {
            this.name = name;
            this.memTotal = memTotal;
        }
    }

    /** A container's state. */
    public static final class FakeContainer {
        final int vmid;
        String node;
        final Map<String, String> config;
        final Map<String, Map<String, String>> snapshots = new LinkedHashMap<>();
        final Map<String, ContainerSnapshot> snapshotInfo = new LinkedHashMap<>();
        boolean running;
        String lock;

        FakeContainer(int vmid, String node, Map<String, String> config) {
            this.vmid = vmid;
            this.node = node;
            this.config = config;
        }

        /** @return its config */
        public synchronized Map<String, String> config() {
            return Map.copyOf(config);
        }

        /** @return whether it runs */
        public boolean running() {
            return running;
        }

        /** @return the names of its snapshots, oldest first */
        public synchronized List<String> snapshotNames() {
            return List.copyOf(snapshots.keySet());
        }

        /** @return its node */
        public String node() {
            return node;
        }

        /** @return its tags */
        public List<String> tags() {
            String tags = config.get("tags");
            return tags == null ? List.of() : List.of(tags.split(";"));
        }
    }

    private record Fault(String method, int[] remaining, Supplier<RuntimeException> error, boolean afterEffect) {
    }

    /** Creates a platform with one node {@code pve} of 64 GiB. */
    public FakePlatform() {
        node("pve", 64);
    }

    /**
     * @param name a node name
     * @param memGiB its memory
     * @return this
     */
    public synchronized FakePlatform node(String name, int memGiB) {
        nodes.put(name, new FakeNode(name, memGiB * 1024 * MIB));
        return this;
    }

    /**
     * @param name a node
     * @param status its new status
     */
    public synchronized void setNodeStatus(String name, NodeStatus status) {
        nodes.get(name).status = status;
    }

    /**
     * Makes the next {@code times} calls of a method fail before they take effect.
     *
     * @param method the port method's name, e.g. {@code createContainer}
     * @param times how many calls
     * @param error the failure
     */
    public synchronized void fail(String method, int times, Supplier<RuntimeException> error) {
        faults.add(new Fault(method, new int[] {times}, error, false));
    }

    /**
     * Makes the next {@code times} calls of a method take effect, then fail (a lost answer).
     *
     * @param method the method
     * @param times how many calls
     * @param error the failure
     */
    public synchronized void failAfterEffect(String method, int times, Supplier<RuntimeException> error) {
        faults.add(new Fault(method, new int[] {times}, error, true));
    }

    /** @return every call so far, e.g. {@code createContainer pve 100} */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** @return how many calls of a method were made */
    public synchronized long calls(String method) {
        return calls.stream().filter(call -> call.startsWith(method + " ") || call.equals(method)).count();
    }

    /** @return the containers, by vmid */
    public synchronized Map<Integer, FakeContainer> containersById() {
        return Map.copyOf(containers);
    }

    /**
     * Adds a container behind Proximity's back (another installation's, a user's).
     *
     * @param node its node
     * @param vmid its id
     * @param hostname its hostname
     * @param tags its tags
     * @param description its description
     * @param running whether it runs
     */
    public synchronized void addForeign(String node, int vmid, String hostname, List<String> tags, String description,
                                        boolean running) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hostname", hostname);
        config.put("memory", "512");
        config.put("cores", "1");
        if (!tags.isEmpty()) {
            config.put("tags", String.join(";", tags));
        }
        if (description != null) {
            config.put("description", description);
        }
        FakeContainer container = new FakeContainer(vmid, node, config);
        container.running = running;
        containers.put(vmid, container);
    }

    /** Removes a container behind Proximity's back. */
    public synchronized void destroyBehindTheBack(int vmid) {
        containers.remove(vmid);
    }

    /** Starts or stops a container behind Proximity's back. */
    public synchronized void setRunning(int vmid, boolean running) {
        containers.get(vmid).running = running;
    }

    /** Moves a container to another node behind Proximity's back. */
    public synchronized void move(int vmid, String node) {
        containers.get(vmid).node = node;
    }

    /** @return every backup archive's volume id, on every node */
    public synchronized List<String> archives() {
        return List.copyOf(archives.keySet());
    }

    /** Deletes an archive behind Proximity's back. */
    public synchronized void deleteArchiveBehindTheBack(String volume) {
        archives.remove(volume);
    }

    /** Locks a container as a running task would. */
    public synchronized void setLock(int vmid, String lock) {
        containers.get(vmid).lock = lock;
    }

    /** @return whether the container exists and runs (for the guest fake) */
    synchronized boolean isRunning(String node, int vmid) {
        FakeContainer container = containers.get(vmid);
        return container != null && container.node.equals(node) && container.running;
    }

    private void call(String method, Object... args) {
        StringBuilder call = new StringBuilder(method);
        Arrays.stream(args).forEach(arg -> call.append(' ').append(arg));
        calls.add(call.toString());
    }

    /** Throws the first matching fault that fires before the effect. */
    private void before(String method) {
        RuntimeException error = take(method, false);
        if (error != null) {
            throw error;
        }
    }

    private void after(String method) {
        RuntimeException error = take(method, true);
        if (error != null) {
            throw error;
        }
    }

    private RuntimeException take(String method, boolean afterEffect) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.method.equals(method) && fault.afterEffect == afterEffect && fault.remaining[0] > 0) {
                if (--fault.remaining[0] == 0) {
                    it.remove();
                }
                return fault.error.get();
            }
        }
        return null;
    }

    private FakeNode onlineNode(String name) {
        FakeNode node = nodes.get(name);
        if (node == null) {
            throw new PlatformRefusedException("GET /nodes/" + name, 500, "hostname lookup '" + name + "' failed", null, null);
        }
        if (node.status != NodeStatus.ONLINE) {
            throw new PlatformRefusedException("GET /nodes/" + name, 595, "Errors during connection establishment, proxy handshake: No route to host", null, null);
        }
        return node;
    }

    private FakeContainer require(String node, int vmid) {
        onlineNode(node);
        FakeContainer container = containers.get(vmid);
        if (container == null || !container.node.equals(node)) {
            throw new PlatformRefusedException("/nodes/" + node + "/lxc/" + vmid, 500,
                    "Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist", null, null);
        }
        if (container.lock != null) {
            throw new PlatformRefusedException("/nodes/" + node + "/lxc/" + vmid, 500, "CT " + vmid + " is locked (" + container.lock + ")", null, null);
        }
        return container;
    }

    @Override
    public synchronized List<NodeInfo> nodes() {
        call("nodes");
        before("nodes");
        List<NodeInfo> list = new ArrayList<>();
        for (FakeNode node : nodes.values()) {
            long used = node.memTotal / 32 + containers.values().stream()
                    .filter(ct -> ct.node.equals(node.name) && ct.running)
                    .mapToLong(ct -> Long.parseLong(ct.config.getOrDefault("memory", "512")) * MIB).sum();
            boolean online = node.status == NodeStatus.ONLINE;
            list.add(new NodeInfo(node.name, node.status, 0.01, 16, online ? used : 0, online ? node.memTotal : 0, 0, 0, 0, null));
        }
        return list;
    }

    @Override
    public synchronized int nextFreeVmid() {
        call("nextFreeVmid");
        before("nextFreeVmid");
        int id = 100;
        while (containers.containsKey(id)) {
            id++;
        }
        return id;
    }

    @Override
    public synchronized boolean isVmidFree(int vmid) {
        call("isVmidFree", vmid);
        before("isVmidFree");
        return !containers.containsKey(vmid);
    }

    @Override
    public synchronized void createContainer(String node, ContainerSpec spec) {
        call("createContainer", node, spec.vmid());
        before("createContainer");
        onlineNode(node);
        if (containers.containsKey(spec.vmid())) {
            throw new VmidTakenException("POST /nodes/" + node + "/lxc", spec.vmid(),
                    "CT " + spec.vmid() + " already exists on node '" + containers.get(spec.vmid()).node + "'", null);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hostname", spec.hostname());
        config.put("cores", Integer.toString(spec.cores()));
        config.put("memory", Integer.toString(spec.memoryMb()));
        config.put("ostemplate", spec.osTemplate());
        if (spec.rootfs() != null) {
            String[] storageAndSize = spec.rootfs().split(":", 2);
            config.put("rootfs", storageAndSize[0] + ":vm-" + spec.vmid() + "-disk-0,size=" + storageAndSize[1] + "G");
        }
        List<String> tags = new ArrayList<>(List.of("proximity"));
        spec.tags().stream().filter(tag -> !tags.contains(tag)).forEach(tags::add);
        config.put("tags", String.join(";", tags.stream().sorted().toList()));
        if (spec.description() != null) {
            config.put("description", spec.description());
        }
        containers.put(spec.vmid(), new FakeContainer(spec.vmid(), node, config));
        after("createContainer");
    }

    @Override
    public synchronized void start(String node, int vmid) {
        call("start", node, vmid);
        before("start");
        FakeContainer container = require(node, vmid);
        if (container.running) {
            throw new PlatformRefusedException("start", 500, "CT " + vmid + " already running", null, null);
        }
        container.running = true;
        after("start");
    }

    @Override
    public synchronized void stop(String node, int vmid) {
        call("stop", node, vmid);
        before("stop");
        requireRunning(node, vmid).running = false;
    }

    @Override
    public synchronized void shutdown(String node, int vmid, Duration timeout, boolean forceStop) {
        call("shutdown", node, vmid);
        before("shutdown");
        requireRunning(node, vmid).running = false;
    }

    @Override
    public synchronized void reboot(String node, int vmid) {
        call("reboot", node, vmid);
        before("reboot");
        requireRunning(node, vmid);
    }

    private FakeContainer requireRunning(String node, int vmid) {
        FakeContainer container = require(node, vmid);
        if (!container.running) {
            throw new PlatformRefusedException("stop", 500, "CT " + vmid + " not running", null, null);
        }
        return container;
    }

    @Override
    public synchronized void delete(String node, int vmid, boolean force, boolean purge) {
        call("delete", node, vmid);
        before("delete");
        FakeContainer container = require(node, vmid);
        if (container.running && !force) {
            throw new PlatformRefusedException("delete", 500, "unable to destroy CT " + vmid + " - container is running", null, null);
        }
        containers.remove(vmid);
        after("delete");
    }

    @Override
    public synchronized Optional<ContainerInfo> status(String node, int vmid) {
        call("status", node, vmid);
        before("status");
        onlineNode(node);
        FakeContainer container = containers.get(vmid);
        if (container == null || !container.node.equals(node)) {
            return Optional.empty();
        }
        return Optional.of(info(container));
    }

    private static ContainerInfo info(FakeContainer container) {
        return new ContainerInfo(container.node, container.vmid, container.config.get("hostname"),
                container.running ? ContainerState.RUNNING : ContainerState.STOPPED, container.lock, 0, 1, 0,
                Long.parseLong(container.config.getOrDefault("memory", "512")) * MIB, container.tags());
    }

    @Override
    public synchronized List<ContainerInfo> containers(String node) {
        call("containers", node);
        before("containers");
        onlineNode(node);
        return containers.values().stream().filter(ct -> ct.node.equals(node)).map(FakePlatform::info).toList();
    }

    @Override
    public synchronized Map<String, String> config(String node, int vmid) {
        call("config", node, vmid);
        before("config");
        onlineNode(node);
        FakeContainer container = containers.get(vmid);
        if (container == null || !container.node.equals(node)) {
            throw new PlatformRefusedException("config", 500, "Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist", null, null);
        }
        return Map.copyOf(container.config);
    }

    @Override
    public synchronized void updateConfig(String node, int vmid, Map<String, String> changes) {
        call("updateConfig", node, vmid);
        before("updateConfig");
        FakeContainer container = require(node, vmid);
        container.config.putAll(changes);
        String deleted = changes.get("delete");
        if (deleted != null) {
            container.config.remove("delete");
            for (String key : deleted.split("[,; ]+")) {
                container.config.remove(key);
            }
        }
        after("updateConfig");
    }

    @Override
    public synchronized Optional<List<ContainerInterface>> interfaces(String node, int vmid) {
        call("interfaces", node, vmid);
        before("interfaces");
        FakeContainer container = require(node, vmid);
        if (!container.running) {
            return Optional.empty();
        }
        return Optional.of(List.of(new ContainerInterface("lo", "00:00:00:00:00:00", "127.0.0.1/8", "::1/128"),
                new ContainerInterface("eth0", "bc:24:11:00:00:01", "10.0." + (vmid / 256) + "." + (vmid % 256) + "/24", null)));
    }

    @Override
    public synchronized List<ContainerSnapshot> snapshots(String node, int vmid) {
        call("snapshots", node, vmid);
        before("snapshots");
        FakeContainer container = containers.get(vmid);
        if (container == null || !container.node.equals(node)) {
            require(node, vmid);
        }
        return List.copyOf(container.snapshotInfo.values());
    }

    @Override
    public synchronized void createSnapshot(String node, int vmid, String name, String description) {
        call("createSnapshot", node, vmid, name);
        before("createSnapshot");
        FakeContainer container = require(node, vmid);
        if (container.config.getOrDefault("rootfs", "local-lvm:").startsWith("local:")) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/snapshot", 500,
                    "snapshot feature is not available", null, null);
        }
        if (container.snapshots.containsKey(name)) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/snapshot", 500,
                    "snapshot name '" + name + "' already used", null, null);
        }
        String parent = container.snapshotInfo.isEmpty() ? null
                : List.copyOf(container.snapshotInfo.keySet()).get(container.snapshotInfo.size() - 1);
        container.snapshots.put(name, new LinkedHashMap<>(container.config));
        container.snapshotInfo.put(name, new ContainerSnapshot(name, description, java.time.Instant.now(), parent));
        after("createSnapshot");
    }

    @Override
    public synchronized void rollbackSnapshot(String node, int vmid, String name, boolean start) {
        call("rollbackSnapshot", node, vmid, name);
        before("rollbackSnapshot");
        FakeContainer container = require(node, vmid);
        Map<String, String> config = container.snapshots.get(name);
        if (config == null) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/snapshot/" + name + "/rollback", 500,
                    "snapshot '" + name + "' does not exist", null, null);
        }
        container.config.clear();
        container.config.putAll(config);
        container.running = start;
        after("rollbackSnapshot");
    }

    @Override
    public synchronized void deleteSnapshot(String node, int vmid, String name) {
        call("deleteSnapshot", node, vmid, name);
        before("deleteSnapshot");
        FakeContainer container = require(node, vmid);
        if (container.snapshots.remove(name) == null) {
            throw new PlatformRefusedException("DELETE /nodes/" + node + "/lxc/" + vmid + "/snapshot/" + name, 500,
                    "snapshot '" + name + "' does not exist", null, null);
        }
        container.snapshotInfo.remove(name);
        after("deleteSnapshot");
    }

    @Override
    public synchronized void resizeDisk(String node, int vmid, String disk, int sizeGiB) {
        call("resizeDisk", node, vmid, disk, sizeGiB);
        before("resizeDisk");
        FakeContainer container = require(node, vmid);
        String volume = container.config.getOrDefault(disk, "local-lvm:vm-" + vmid + "-disk-0,size=8G");
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("size=(\\d+)G").matcher(volume);
        int current = size.find() ? Integer.parseInt(size.group(1)) : 8;
        if (sizeGiB < current) {
            throw new PlatformRefusedException("PUT /nodes/" + node + "/lxc/" + vmid + "/resize", 500, "unable to shrink disk size",
                    null, null);
        }
        if (sizeGiB == current) {
            throw new PlatformRefusedException("PUT /nodes/" + node + "/lxc/" + vmid + "/resize", 500,
                    "disk is already at specified size", null, null);
        }
        container.config.put(disk, volume.replaceFirst("size=\\d+G", "size=" + sizeGiB + "G"));
        after("resizeDisk");
    }

    @Override
    public synchronized void migrate(String node, int vmid, String target, boolean restart) {
        call("migrate", node, vmid, target);
        before("migrate");
        FakeContainer container = require(node, vmid);
        if (target.equals(node)) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/migrate", 400, "Parameter verification failed.",
                    Map.of("target", "target is local node."), null);
        }
        onlineNode(target);
        if (container.running && !restart) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/migrate", 500,
                    "can't migrate running container without --online or --restart", null, null);
        }
        container.node = target;
        after("migrate");
    }

    @Override
    public synchronized void cloneContainer(String node, int vmid, int newVmid, String hostname, String description,
                                            String fromSnapshot) {
        call("cloneContainer", node, vmid, newVmid);
        before("cloneContainer");
        FakeContainer source = require(node, vmid);
        if (containers.containsKey(newVmid)) {
            throw new VmidTakenException("POST /nodes/" + node + "/lxc/" + vmid + "/clone", newVmid,
                    "CT " + newVmid + " already exists", null);
        }
        if (source.running && fromSnapshot == null) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc/" + vmid + "/clone", 500,
                    "Full clone of a running container is only possible from a snapshot.", null, null);
        }
        Map<String, String> config = new LinkedHashMap<>(fromSnapshot == null ? source.config : source.snapshots.get(fromSnapshot));
        config.put("hostname", hostname);
        config.put("description", description);
        containers.put(newVmid, new FakeContainer(newVmid, node, config));
        after("cloneContainer");
    }

    @Override
    public synchronized void backup(String node, int vmid, BackupMode mode, BackupCompression compression, String storage,
                                    Duration lockWait) {
        call("backup", node, vmid, mode.wireName(), compression.wireName(), storage);
        before("backup");
        onlineNode(node);
        FakeContainer container = containers.get(vmid);
        if (container == null || !container.node.equals(node)) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/vzdump", 200,
                    "CT " + vmid + " is not on node " + node + ": vzdump did nothing", null, null);
        }
        if (container.lock != null) {
            throw new dev.proximity.api.error.PlatformTaskException("UPID:" + node + ":vzdump:" + vmid,
                    "job errors", List.of("ERROR: Backup of VM " + vmid + " failed - CT is locked (" + container.lock + ")"));
        }
        long ctime = archiveClock = Math.max(archiveClock + 1, java.time.Instant.now().getEpochSecond());
        String name = storage + ":backup/vzdump-lxc-" + vmid + "-" + java.time.format.DateTimeFormatter
                .ofPattern("yyyy_MM_dd-HH_mm_ss").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochSecond(ctime)) + "." + compression.format();
        archives.put(name, new FakeArchive(node, new BackupVolume(name, compression.format(), 1_000_000L + vmid,
                java.time.Instant.ofEpochSecond(ctime), vmid), new LinkedHashMap<>(container.config)));
        after("backup");
    }

    @Override
    public synchronized List<BackupVolume> backups(String node, String storage, int vmid) {
        call("backups", node, storage, vmid);
        before("backups");
        onlineNode(node);
        return archives.values().stream()
                .filter(archive -> archive.node.equals(node) && archive.volume.vmid() == vmid
                        && archive.volume.volume().startsWith(storage + ":"))
                .map(FakeArchive::volume).toList();
    }

    @Override
    public synchronized void deleteVolume(String node, String volume) {
        call("deleteVolume", node, volume);
        before("deleteVolume");
        onlineNode(node);
        // PVE ends the imgdel task OK when the file is gone already
        archives.remove(volume);
        after("deleteVolume");
    }

    @Override
    public synchronized void restore(String node, int vmid, String volume, String storage, boolean overwrite, String hostname,
                                     String description) {
        call("restore", node, vmid, volume, overwrite);
        before("restore");
        onlineNode(node);
        FakeArchive archive = archives.get(volume);
        if (archive == null) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc", 500,
                    "unable to restore CT " + vmid + " - volume '" + volume + "' does not exist", null, null);
        }
        FakeContainer existing = containers.get(vmid);
        if (existing != null && !overwrite) {
            throw new VmidTakenException("POST /nodes/" + node + "/lxc", vmid, "CT " + vmid + " already exists", null);
        }
        if (existing != null && existing.running) {
            throw new PlatformRefusedException("POST /nodes/" + node + "/lxc", 500, "can't overwrite running container", null, null);
        }
        Map<String, String> config = new LinkedHashMap<>(archive.config);
        if (config.containsKey("rootfs")) {
            config.put("rootfs", config.get("rootfs").replaceFirst("^[^:]+:vm-\\d+-", storage + ":vm-" + vmid + "-"));
        }
        if (hostname != null) {
            config.put("hostname", hostname);
        }
        if (description != null) {
            config.put("description", description);
        }
        FakeContainer restored = new FakeContainer(vmid, node, config);
        containers.put(vmid, restored);
        after("restore");
    }
}
