package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerSnapshot;
import dev.proximity.api.platform.NodeInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Proxmox VE REST API, one call per method. Calls that start a task return its {@link Upid}
 * without waiting; {@link #awaitTask(Upid, Duration)} waits. {@link ProxmoxContainerPlatform} builds
 * the waiting, allocating platform port on top of this. Thread-safe; share one per cluster.
 *
 * <p>Every method throws {@link PlatformException} when the server refuses or cannot be reached.
 */
public final class ProxmoxClient implements AutoCloseable {

    private final ProxmoxConfig config;
    private final ProxmoxTransport transport;
    private final TaskWaiter waiter;

    /** @param config where and how to connect */
    public ProxmoxClient(ProxmoxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new ProxmoxTransport(config);
        this.waiter = new TaskWaiter(this, config.polling());
    }

    /** @return the configuration */
    public ProxmoxConfig config() {
        return config;
    }

    /** @return every node, {@code GET /nodes} */
    public List<NodeInfo> nodes() {
        List<NodeInfo> nodes = new ArrayList<>();
        data(ApiRequest.get("nodes")).forEach(node -> nodes.add(PveJson.node(node)));
        return nodes;
    }

    /** @return the next free vmid, {@code GET /cluster/nextid}; it reserves nothing */
    public int nextId() {
        return PveJson.integer(data(ApiRequest.get("cluster", "nextid")), "nextid");
    }

    /**
     * @param vmid a vmid
     * @return whether no guest uses it now ({@code GET /cluster/nextid?vmid=})
     */
    public boolean isVmidFree(int vmid) {
        try {
            data(ApiRequest.get(Map.of("vmid", Integer.toString(vmid)), "cluster", "nextid"));
            return true;
        } catch (PlatformRefusedException e) {
            if (e.httpStatus() == 400 && e.fieldErrors().containsKey("vmid")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@code POST /nodes/{node}/lxc}.
     *
     * @param node the node
     * @param params create parameters as Proxmox names them ({@code vmid}, {@code ostemplate}, ...)
     * @return the create task
     */
    public Upid createContainer(String node, Map<String, String> params) {
        return upid(ApiRequest.post(params, "nodes", node, "lxc"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return the start task
     */
    public Upid start(String node, int vmid) {
        return upid(ApiRequest.post(Map.of(), "nodes", node, "lxc", id(vmid), "status", "start"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return the (hard) stop task
     */
    public Upid stop(String node, int vmid) {
        return upid(ApiRequest.post(Map.of(), "nodes", node, "lxc", id(vmid), "status", "stop"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @param timeout how long the guest gets
     * @param forceStop stop hard after the timeout
     * @return the shutdown task
     */
    public Upid shutdown(String node, int vmid, Duration timeout, boolean forceStop) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("timeout", Long.toString(Math.max(0, timeout.toSeconds())));
        form.put("forceStop", flag(forceStop));
        return upid(ApiRequest.post(form, "nodes", node, "lxc", id(vmid), "status", "shutdown"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return the reboot task
     */
    public Upid reboot(String node, int vmid) {
        return upid(ApiRequest.post(Map.of(), "nodes", node, "lxc", id(vmid), "status", "reboot"));
    }

    /**
     * {@code DELETE /nodes/{node}/lxc/{vmid}}.
     *
     * @param node the node
     * @param vmid the container
     * @param force stop it first if it runs
     * @param purge remove it from backup jobs, replication and HA too
     * @param destroyUnreferencedDisks also destroy disks that carry its vmid but are not in its config
     * @return the destroy task
     */
    public Upid delete(String node, int vmid, boolean force, boolean purge, boolean destroyUnreferencedDisks) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("force", flag(force));
        query.put("purge", flag(purge));
        query.put("destroy-unreferenced-disks", flag(destroyUnreferencedDisks));
        return upid(ApiRequest.delete(query, "nodes", node, "lxc", id(vmid)));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its status, or empty when the node holds no such container
     */
    public Optional<ContainerInfo> status(String node, int vmid) {
        try {
            return Optional.of(PveJson.container(node, data(ApiRequest.get("nodes", node, "lxc", id(vmid), "status", "current"))));
        } catch (PlatformRefusedException e) {
            if (isMissingContainer(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * @param node the node
     * @return its containers
     */
    public List<ContainerInfo> containers(String node) {
        List<ContainerInfo> containers = new ArrayList<>();
        data(ApiRequest.get("nodes", node, "lxc")).forEach(json -> containers.add(PveJson.container(node, json)));
        return containers;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its configuration, values as text, with {@code digest}
     */
    public Map<String, String> config(String node, int vmid) {
        Map<String, String> config = new LinkedHashMap<>();
        data(ApiRequest.get("nodes", node, "lxc", id(vmid), "config")).properties()
                .forEach(field -> config.put(field.getKey(), field.getValue().asText()));
        return config;
    }

    /**
     * {@code PUT .../config}. Include {@code digest} to refuse the change if someone else changed the config since.
     *
     * @param node the node
     * @param vmid the container
     * @param changes settings to set; {@code delete} lists settings to remove
     */
    public void updateConfig(String node, int vmid, Map<String, String> changes) {
        transport.send(ApiRequest.put(changes, "nodes", node, "lxc", id(vmid), "config"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its interfaces, or empty while it is stopped (Proxmox answers {@code null} then)
     */
    public Optional<List<ContainerInterface>> interfaces(String node, int vmid) {
        JsonNode data = data(ApiRequest.get("nodes", node, "lxc", id(vmid), "interfaces"));
        if (data.isNull() || data.isMissingNode()) {
            return Optional.empty();
        }
        List<ContainerInterface> interfaces = new ArrayList<>();
        data.forEach(json -> interfaces.add(PveJson.containerInterface(json)));
        return Optional.of(interfaces);
    }

    /**
     * {@code POST .../clone}, a full clone.
     *
     * @param node the node
     * @param vmid the container to copy
     * @param newVmid the copy's id
     * @param hostname the copy's hostname
     * @param description the copy's description
     * @param fromSnapshot the snapshot to copy from, or null
     * @return the clone task
     */
    public Upid cloneContainer(String node, int vmid, int newVmid, String hostname, String description, String fromSnapshot) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("newid", Integer.toString(newVmid));
        form.put("full", "1");
        form.put("hostname", hostname);
        form.put("description", description);
        if (fromSnapshot != null) {
            form.put("snapname", fromSnapshot);
        }
        return upid(ApiRequest.post(form, "nodes", node, "lxc", id(vmid), "clone"));
    }

    /**
     * {@code POST .../migrate}.
     *
     * @param node the node that holds it
     * @param vmid the container
     * @param target the node to move it to
     * @param restart whether a running container may be restarted to move
     * @return the migration task
     */
    public Upid migrate(String node, int vmid, String target, boolean restart) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("target", target);
        if (restart) {
            form.put("restart", "1");
        }
        return upid(ApiRequest.post(form, "nodes", node, "lxc", id(vmid), "migrate"));
    }

    /**
     * {@code PUT .../resize}.
     *
     * @param node the node
     * @param vmid the container
     * @param disk {@code rootfs} or {@code mpN}
     * @param size the new size as Proxmox reads it: {@code 12G}, or {@code +2G} to add
     * @return the resize task
     */
    public Upid resize(String node, int vmid, String disk, String size) {
        return upid(ApiRequest.put(Map.of("disk", disk, "size", size), "nodes", node, "lxc", id(vmid), "resize"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its snapshots, oldest first, without the {@code current} pseudo-entry
     */
    public List<ContainerSnapshot> snapshots(String node, int vmid) {
        List<ContainerSnapshot> snapshots = new ArrayList<>();
        data(ApiRequest.get("nodes", node, "lxc", id(vmid), "snapshot")).forEach(json -> {
            String name = PveJson.text(json, "name");
            if (name != null && !name.equals("current")) {
                snapshots.add(new ContainerSnapshot(name, PveJson.text(json, "description"),
                        json.hasNonNull("snaptime") ? Instant.ofEpochSecond(PveJson.longValue(json, "snaptime")) : null,
                        PveJson.text(json, "parent")));
            }
        });
        snapshots.sort(java.util.Comparator.comparing(ContainerSnapshot::takenAt,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        return snapshots;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @param name the snapshot's name
     * @param description its description, or null
     * @return the snapshot task
     */
    public Upid createSnapshot(String node, int vmid, String name, String description) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("snapname", name);
        if (description != null) {
            form.put("description", description);
        }
        return upid(ApiRequest.post(form, "nodes", node, "lxc", id(vmid), "snapshot"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @param name the snapshot
     * @param start whether to start the container afterwards
     * @return the rollback task
     */
    public Upid rollbackSnapshot(String node, int vmid, String name, boolean start) {
        return upid(ApiRequest.post(start ? Map.of("start", "1") : Map.of(), "nodes", node, "lxc", id(vmid), "snapshot", name,
                "rollback"));
    }

    /**
     * @param node the node
     * @param vmid the container
     * @param name the snapshot
     * @return the deletion task
     */
    public Upid deleteSnapshot(String node, int vmid, String name) {
        return upid(ApiRequest.delete(Map.of(), "nodes", node, "lxc", id(vmid), "snapshot", name));
    }

    /**
     * {@code POST /nodes/{node}/vzdump} with these parameters, as they are: vzdump's own defaults
     * apply to what is left out, among them {@code remove=1}, which prunes the guest's older backups
     * by the storage's retention. {@link #backup} is the call that never prunes.
     *
     * @param node the node
     * @param params vzdump parameters as Proxmox names them ({@code vmid}, {@code mode}, ...)
     * @return the backup task, or empty when vzdump answered {@code OK}: none of the guests is on that node
     */
    public Optional<Upid> vzdump(String node, Map<String, String> params) {
        return optionalUpid(ApiRequest.post(params, "nodes", node, "vzdump"));
    }

    /**
     * Backs up one container with vzdump, never pruning ({@code remove=0}).
     *
     * @param node the node that holds it
     * @param vmid the container
     * @param mode {@code snapshot}, {@code suspend} or {@code stop}
     * @param compress {@code 0}, {@code lzo}, {@code gzip} or {@code zstd}
     * @param storage the storage for the archive
     * @param lockWaitMinutes how long the task waits for another backup on the node
     * @return the backup task, or empty when vzdump answered {@code OK} (the container is not on that node)
     */
    public Optional<Upid> backup(String node, int vmid, String mode, String compress, String storage, int lockWaitMinutes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", id(vmid));
        form.put("mode", mode);
        form.put("compress", compress);
        form.put("storage", storage);
        form.put("remove", "0");
        form.put("lockwait", Integer.toString(Math.max(0, lockWaitMinutes)));
        return vzdump(node, form);
    }

    /**
     * {@code GET /nodes/{node}/storage/{storage}/content?content=backup&vmid=N}.
     *
     * @param node the node whose storage to list
     * @param storage the storage
     * @param vmid the guest
     * @return its backup archives, oldest first
     */
    public List<BackupVolume> backups(String node, String storage, int vmid) {
        List<BackupVolume> volumes = new ArrayList<>();
        data(ApiRequest.get(Map.of("content", "backup", "vmid", id(vmid)), "nodes", node, "storage", storage, "content"))
                .forEach(json -> volumes.add(new BackupVolume(PveJson.text(json, "volid"), PveJson.text(json, "format"),
                        PveJson.longValue(json, "size"),
                        json.hasNonNull("ctime") ? Instant.ofEpochSecond(PveJson.longValue(json, "ctime")) : null,
                        json.hasNonNull("vmid") ? PveJson.integer(json.get("vmid"), "vmid") : 0)));
        volumes.sort(Comparator.comparing(BackupVolume::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(BackupVolume::volume));
        return volumes;
    }

    /**
     * {@code DELETE /nodes/{node}/storage/{storage}/content/{volume}}, the storage being the part of
     * the volume id before its first {@code :}.
     *
     * @param node the node whose storage holds it
     * @param volume the volume id, {@code storage:path}
     * @return the deletion task ({@code imgdel}), or empty when the server answered without one
     */
    public Optional<Upid> deleteVolume(String node, String volume) {
        int colon = volume.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("a volume id is storage:path, was '" + volume + "'");
        }
        return optionalUpid(ApiRequest.delete(Map.of(), "nodes", node, "storage", volume.substring(0, colon), "content", volume));
    }

    /**
     * {@code POST /nodes/{node}/lxc} with {@code restore=1}: the container {@code vmid} from a backup archive.
     *
     * @param node the node
     * @param vmid the container to restore into
     * @param volume the archive's volume id
     * @param storage the storage for the restored volumes, or null for Proxmox's default ({@code local})
     * @param overwrite replace the existing container {@code vmid} ({@code force=1}); otherwise a
     *                  new container with new MAC addresses ({@code unique=1})
     * @param hostname the hostname, or null for the archive's
     * @param description the description, or null for the archive's
     * @return the restore task ({@code vzrestore})
     */
    public Upid restore(String node, int vmid, String volume, String storage, boolean overwrite, String hostname,
                        String description) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", id(vmid));
        form.put("ostemplate", volume);
        form.put("restore", "1");
        if (storage != null) {
            form.put("storage", storage);
        }
        form.put(overwrite ? "force" : "unique", "1");
        if (hostname != null) {
            form.put("hostname", hostname);
        }
        if (description != null) {
            form.put("description", description);
        }
        return upid(ApiRequest.post(form, "nodes", node, "lxc"));
    }

    /**
     * @param node the node
     * @param vmid a guest
     * @return whether a task about that guest runs on the node now ({@code GET /nodes/{node}/tasks?source=active})
     */
    public boolean hasActiveTask(String node, int vmid) {
        return !data(ApiRequest.get(Map.of("source", "active", "vmid", Integer.toString(vmid), "limit", "1"),
                "nodes", node, "tasks")).isEmpty();
    }

    /**
     * {@code GET /cluster/resources}: every node, guest and storage the token may audit, in one call.
     *
     * @return them, without the kinds the inventory does not keep (pools, SDN)
     */
    public List<ObservedResource> clusterResources() {
        List<ObservedResource> resources = new ArrayList<>();
        data(ApiRequest.get("cluster", "resources")).forEach(json -> PveResources.resource(json).ifPresent(resources::add));
        return resources;
    }

    /**
     * {@code GET /nodes/{node}/tasks} with {@code source=all}: running and finished tasks, newest first.
     *
     * @param node the node
     * @param since only tasks started at or after this time, or null
     * @param limit at most this many
     * @return the tasks
     */
    public List<ObservedResource> tasks(String node, Instant since, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("source", "all");
        query.put("limit", Integer.toString(limit));
        if (since != null) {
            query.put("since", Long.toString(since.getEpochSecond()));
        }
        List<ObservedResource> tasks = new ArrayList<>();
        data(ApiRequest.get(query, "nodes", node, "tasks")).forEach(json -> tasks.add(PveResources.task(node, json)));
        return tasks;
    }

    /**
     * @param upid the task
     * @return its status
     */
    public TaskStatus taskStatus(Upid upid) {
        JsonNode data = data(ApiRequest.get("nodes", upid.node(), "tasks", upid.value(), "status"));
        return new TaskStatus(upid, "running".equals(PveJson.text(data, "status")), PveJson.text(data, "exitstatus"));
    }

    /**
     * @param upid the task
     * @param start the first line, counting from 0
     * @param limit how many lines at most
     * @return those lines and the log's total length
     */
    public TaskLog taskLog(Upid upid, int start, int limit) {
        JsonNode root = transport.send(ApiRequest.get(Map.of("start", Integer.toString(start), "limit", Integer.toString(limit)),
                "nodes", upid.node(), "tasks", upid.value(), "log"));
        JsonNode data = root.path("data");
        int total = root.path("total").isNumber() ? root.path("total").intValue() : data.size();
        return new TaskLog(PveJson.lines(data), total);
    }

    /**
     * Waits for a task with the configured default deadline.
     *
     * @param upid the task
     * @return its final status (OK or warnings)
     * @throws dev.proximity.api.error.PlatformTaskException when it failed
     * @throws dev.proximity.api.error.PlatformTimeoutException when it outlived the deadline
     */
    public TaskStatus awaitTask(Upid upid) {
        return awaitTask(upid, config.polling().defaultTimeout());
    }

    /**
     * Waits for a task: polls quickly at first, then backs off; {@code WARNINGS: n} counts as success.
     *
     * @param upid the task
     * @param timeout the deadline
     * @return its final status (OK or warnings)
     * @throws dev.proximity.api.error.PlatformTaskException when it failed (with exit status and log tail)
     * @throws dev.proximity.api.error.PlatformTimeoutException when it outlived the deadline
     */
    public TaskStatus awaitTask(Upid upid, Duration timeout) {
        return waiter.await(upid, timeout);
    }

    /** Releases connections and threads. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "ProxmoxClient[" + config + "]";
    }

    static boolean isMissingContainer(PlatformRefusedException e) {
        return e.httpStatus() == 500 && e.reason() != null
                && e.reason().matches("Configuration file '.*' does not exist.*");
    }

    private JsonNode data(ApiRequest request) {
        return transport.send(request).path("data");
    }

    private Upid upid(ApiRequest request) {
        return parseUpid(request, data(request));
    }

    /** vzdump answers {@code OK} when it has nothing to do, a deletion may answer {@code null}: no task then. */
    private Optional<Upid> optionalUpid(ApiRequest request) {
        JsonNode data = data(request);
        if (data.isNull() || data.isMissingNode() || data.asText("").equals("OK")) {
            return Optional.empty();
        }
        return Optional.of(parseUpid(request, data));
    }

    private static Upid parseUpid(ApiRequest request, JsonNode data) {
        try {
            return Upid.parse(data.asText(null));
        } catch (IllegalArgumentException e) {
            throw new PlatformException(request.call(), "expected a task id, got " + data, e);
        }
    }

    private static String id(int vmid) {
        return Integer.toString(vmid);
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
