package dev.proximity.proxmox;

import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link ContainerPlatform} port over Proxmox VE: every call that starts a task waits for it.
 * Containers it creates carry the tag {@value #PROXIMITY_TAG} (besides the caller's tags) so that
 * reconciliation can find what this library made.
 *
 * <p>vmid allocation: Proxmox's {@code nextid} reserves nothing, so two creators can pick the same id.
 * Per {@link ProxmoxClient}, asking for an id and sending the create are serialised, so threads
 * sharing a client never collide; against other processes, a create that loses ({@code CT N already exists}) is
 * retried with a fresh id, up to {@link ProxmoxConfig#createAttempts()} times.
 */
public final class ProxmoxContainerPlatform implements ContainerPlatform, AutoCloseable {

    /** The tag on every container this library creates. */
    public static final String PROXIMITY_TAG = "proximity";

    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxContainerPlatform.class);
    private static final Pattern VMID_TAKEN = Pattern.compile(".*\\b(CT|VM) \\d+ already exists.*", Pattern.DOTALL);

    private final ProxmoxClient client;

    /** @param client the client to use; closing this platform closes it */
    public ProxmoxContainerPlatform(ProxmoxClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param config where and how to connect
     * @return a platform with its own client
     */
    public static ProxmoxContainerPlatform connect(ProxmoxConfig config) {
        return new ProxmoxContainerPlatform(new ProxmoxClient(config));
    }

    /** @return the low-level client */
    public ProxmoxClient client() {
        return client;
    }

    @Override
    public List<NodeInfo> nodes() {
        return client.nodes();
    }

    @Override
    public NodeInfo selectNode(String preferred) {
        List<NodeInfo> nodes = client.nodes();
        if (preferred != null) {
            NodeInfo node = nodes.stream().filter(candidate -> candidate.name().equals(preferred)).findFirst()
                    .orElseThrow(() -> new NotFoundException("node", preferred));
            if (node.status() != NodeStatus.ONLINE) {
                throw new PlatformException("GET /nodes", 200, "node '" + preferred + "' is not online (status "
                        + node.status().name().toLowerCase(java.util.Locale.ROOT) + ")", Map.of(), null, null);
            }
            return node;
        }
        return nodes.stream().filter(node -> node.status() == NodeStatus.ONLINE)
                .max(Comparator.comparingLong(NodeInfo::memFree))
                .orElseThrow(() -> new PlatformException("GET /nodes", 200, "no online node among "
                        + nodes.stream().map(NodeInfo::name).toList(), Map.of(), null, null));
    }

    @Override
    public int createContainer(String node, ContainerSpec spec) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(spec, "spec");
        if (spec.vmid() != null) {
            int vmid = spec.vmid();
            Upid upid = sendCreate(node, spec, vmid);
            client.awaitTask(upid);
            return vmid;
        }
        PlatformException lastCollision = null;
        int attempts = client.config().createAttempts();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int vmid;
            Upid upid;
            synchronized (client.vmidAllocationLock()) {
                vmid = client.nextId();
                try {
                    upid = sendCreate(node, spec, vmid);
                } catch (PlatformException e) {
                    if (!vmidTaken(e.reason())) {
                        throw e;
                    }
                    LOG.debug("vmid {} was taken by a concurrent creator (attempt {} of {})", vmid, attempt, attempts);
                    lastCollision = e;
                    continue;
                }
            }
            try {
                client.awaitTask(upid);
                return vmid;
            } catch (PlatformTaskException e) {
                if (!vmidTaken(e.exitStatus())) {
                    throw e;
                }
                LOG.debug("create task for vmid {} lost the race: {}", vmid, e.exitStatus());
                lastCollision = e;
            }
        }
        throw new PlatformException("POST /nodes/" + node + "/lxc", lastCollision.httpStatus(),
                "no vmid could be allocated in " + attempts + " attempts: concurrent creators took every id offered ("
                        + lastCollision.reason() + ")", Map.of(), null, lastCollision);
    }

    private Upid sendCreate(String node, ContainerSpec spec, int vmid) {
        try {
            return client.createContainer(node, ContainerParams.of(spec, vmid, PROXIMITY_TAG));
        } catch (PlatformException e) {
            if (e.httpStatus() == 0) {
                // The answer was lost: the container may exist. It is not re-sent; its tag lets reconciliation find it.
                throw new PlatformException(e.call(), 0, e.reason() + "; container " + vmid + " on node '" + node
                        + "' may exist (tagged '" + PROXIMITY_TAG + "')", Map.of(), null, e);
            }
            throw e;
        }
    }

    private static boolean vmidTaken(String text) {
        return text != null && VMID_TAKEN.matcher(text).matches();
    }

    @Override
    public void start(String node, int vmid) {
        runTask(() -> client.start(node, vmid));
    }

    @Override
    public void stop(String node, int vmid) {
        runTask(() -> client.stop(node, vmid));
    }

    @Override
    public void shutdown(String node, int vmid, Duration timeout, boolean forceStop) {
        Objects.requireNonNull(timeout, "timeout");
        runTask(() -> client.shutdown(node, vmid, timeout, forceStop));
    }

    @Override
    public void reboot(String node, int vmid) {
        runTask(() -> client.reboot(node, vmid));
    }

    @Override
    public void delete(String node, int vmid, boolean force, boolean purge) {
        // Proximity never wants orphaned volumes left behind, so unreferenced disks go too.
        runTask(() -> client.delete(node, vmid, force, purge, true));
    }

    /**
     * Starts a task and waits. A task that failed only because it could not take the container's
     * config lock changed nothing, so it is started again, within the retry policy.
     */
    private void runTask(Supplier<Upid> startTask) {
        RetryPolicy retry = client.config().retry();
        for (int attempt = 1; ; attempt++) {
            Upid upid = startTask.get();
            try {
                client.awaitTask(upid);
                return;
            } catch (PlatformTaskException e) {
                if (attempt >= retry.maxAttempts() || !ProxmoxTransport.isLockTimeout(e.exitStatus())) {
                    throw e;
                }
                LOG.debug("task {} could not take the config lock; starting it again", upid);
                pause(retry.backoffBefore(attempt), upid);
            }
        }
    }

    private static void pause(Duration pause, Upid upid) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("task " + upid, 0, "interrupted while waiting to retry", Map.of(), null, e);
        }
    }

    @Override
    public Optional<ContainerInfo> status(String node, int vmid) {
        return client.status(node, vmid);
    }

    @Override
    public List<ContainerInfo> containers(String node) {
        return client.containers(node);
    }

    @Override
    public Map<String, String> config(String node, int vmid) {
        return client.config(node, vmid);
    }

    @Override
    public void updateConfig(String node, int vmid, Map<String, String> changes) {
        client.updateConfig(node, vmid, changes);
    }

    @Override
    public Optional<List<ContainerInterface>> interfaces(String node, int vmid) {
        return client.interfaces(node, vmid);
    }

    /** Closes the client. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ProxmoxContainerPlatform[" + client.config() + "]";
    }
}
