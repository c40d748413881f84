package dev.proximity.proxmox;

import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.platform.ClusterReader;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.ContainerSnapshot;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
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
 * <p>vmids: Proxmox's {@code nextid} reserves nothing, so two creators can pick the same id. The
 * caller chooses (and records) the id before the create; a create that loses the race reports a
 * {@link VmidTakenException} and the caller picks another.
 */
public final class ProxmoxContainerPlatform implements ContainerPlatform, ClusterReader, AutoCloseable {

    /** The tag on every container this library creates. */
    public static final String PROXIMITY_TAG = "proximity";

    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxContainerPlatform.class);
    /** PVE's own text is {@code CT is locked (backup)}; some paths and servers name the container. */
    private static final Pattern LOCKED = Pattern.compile("CT (\\d+ )?is locked \\(");
    /** A guest vzdump could not lock: its backup failed and the job ended with {@code job errors}. */
    private static final Pattern BACKUP_OF_LOCKED_GUEST = Pattern.compile("Backup of VM \\d+ failed - CT (\\d+ )?is locked \\(");
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
    public int nextFreeVmid() {
        return client.nextId();
    }

    @Override
    public boolean isVmidFree(int vmid) {
        return client.isVmidFree(vmid);
    }

    /**
     * Sends the create and waits for its task. A collision on the vmid, whether Proxmox refuses
     * the call ({@code CT N already exists}) or the task fails on it (the losing side of a
     * {@code nextid} race), becomes a {@link VmidTakenException}. A create whose answer was lost is
     * never re-sent: the container may exist, and its marker lets the caller find it.
     */
    @Override
    public void createContainer(String node, ContainerSpec spec) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(spec, "spec");
        int vmid = spec.vmid();
        String call = "POST /nodes/" + node + "/lxc";
        Upid upid;
        try {
            upid = client.createContainer(node, ContainerParams.of(spec, vmid, PROXIMITY_TAG));
        } catch (PlatformRefusedException e) {
            if (vmidTaken(e.reason())) {
                throw new VmidTakenException(call, vmid, e.reason(), e);
            }
            throw e;
        } catch (PlatformNoAnswerException e) {
            throw new PlatformNoAnswerException(call, e.reason() + "; container " + vmid + " on node '" + node
                    + "' may exist", true, e);
        }
        try {
            client.awaitTask(upid);
        } catch (PlatformTaskException e) {
            if (vmidTaken(e.exitStatus())) {
                throw new VmidTakenException(call, vmid, e.exitStatus(), e);
            }
            throw e;
        }
    }

    private static boolean vmidTaken(String text) {
        return text != null && VMID_TAKEN.matcher(text).matches();
    }

    @Override
    public void start(String node, int vmid) {
        runTask(node, vmid, () -> client.start(node, vmid));
    }

    @Override
    public void stop(String node, int vmid) {
        runTask(node, vmid, () -> client.stop(node, vmid));
    }

    @Override
    public void shutdown(String node, int vmid, Duration timeout, boolean forceStop) {
        Objects.requireNonNull(timeout, "timeout");
        runTask(node, vmid, () -> client.shutdown(node, vmid, timeout, forceStop));
    }

    @Override
    public void reboot(String node, int vmid) {
        runTask(node, vmid, () -> client.reboot(node, vmid));
    }

    @Override
    public void delete(String node, int vmid, boolean force, boolean purge) {
        // Proximity never wants orphaned volumes left behind, so unreferenced disks go too.
        runTask(node, vmid, () -> client.delete(node, vmid, force, purge, true));
    }

    /**
     * Starts a task and waits. A task that failed only because it could not take the container's
     * config lock changed nothing, so it is started again, within the retry policy.
     */
    /**
     * A call refused with {@code CT N is locked (...)} waits while a task of that container runs,
     * then is made again; a lock no running task holds (left by a crash) is reported at once, and
     * one held past the task deadline too. A lock is never forced.
     */
    private <T> T waitingForLock(String node, int vmid, Supplier<T> call) {
        long deadline = System.nanoTime() + client.config().polling().defaultTimeout().toNanos();
        long waitedFrom = System.nanoTime();
        int unexplained = 0;
        while (true) {
            try {
                return call.get();
            } catch (PlatformRefusedException e) {
                if (e.reason() == null || !LOCKED.matcher(e.reason()).find() || System.nanoTime() >= deadline) {
                    throw e;
                }
                if (!client.hasActiveTask(node, vmid)) {
                    // the holding task may have ended since the refusal: go again once the lock is gone;
                    // a lock that stays with no task behind it is stale, and is reported, never forced
                    if (client.status(node, vmid).map(ct -> ct.lock() != null).orElse(false) || ++unexplained > 3) {
                        throw e;
                    }
                    pause(client.config().polling().firstPoll(), "CT " + vmid + " on node " + node);
                    continue;
                }
                LOG.debug("CT {} on node {} is locked by a running task ({}); waiting for it", vmid, node, e.reason());
                Duration waited = Duration.ofNanos(System.nanoTime() - waitedFrom);
                pause(client.config().polling().intervalAfter(waited), "CT " + vmid + " on node " + node);
            }
        }
    }

    private void runTask(String node, int vmid, Supplier<Upid> startTask) {
        RetryPolicy retry = client.config().retry();
        for (int attempt = 1; ; attempt++) {
            Upid upid = waitingForLock(node, vmid, startTask);
            try {
                client.awaitTask(upid);
                return;
            } catch (PlatformTaskException e) {
                if (attempt >= retry.maxAttempts() || !ProxmoxTransport.isLockTimeout(e.exitStatus())) {
                    throw e;
                }
                LOG.debug("task {} could not take the config lock; starting it again", upid);
                pause(retry.backoffBefore(attempt), "task " + upid);
            }
        }
    }

    private static void pause(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(what, "interrupted while waiting to retry", e);
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
        waitingForLock(node, vmid, () -> {
            client.updateConfig(node, vmid, changes);
            return null;
        });
    }

    @Override
    public Optional<List<ContainerInterface>> interfaces(String node, int vmid) {
        return client.interfaces(node, vmid);
    }

    /** Closes the client. */
    @Override
    public void cloneContainer(String node, int vmid, int newVmid, String hostname, String description, String fromSnapshot) {
        String call = "POST /nodes/" + node + "/lxc/" + vmid + "/clone";
        Upid upid;
        try {
            upid = client.cloneContainer(node, vmid, newVmid, hostname, description, fromSnapshot);
        } catch (PlatformRefusedException e) {
            if (vmidTaken(e.reason())) {
                throw new VmidTakenException(call, newVmid, e.reason(), e);
            }
            throw e;
        } catch (PlatformNoAnswerException e) {
            throw new PlatformNoAnswerException(call, e.reason() + "; container " + newVmid + " on node '" + node
                    + "' may exist", true, e);
        }
        client.awaitTask(upid);
    }

    @Override
    public void migrate(String node, int vmid, String target, boolean restart) {
        runTask(node, vmid, () -> client.migrate(node, vmid, target, restart));
    }

    @Override
    public void resizeDisk(String node, int vmid, String disk, int sizeGiB) {
        runTask(node, vmid, () -> client.resize(node, vmid, disk, sizeGiB + "G"));
    }

    @Override
    public List<ContainerSnapshot> snapshots(String node, int vmid) {
        return client.snapshots(node, vmid);
    }

    @Override
    public void createSnapshot(String node, int vmid, String name, String description) {
        runTask(node, vmid, () -> client.createSnapshot(node, vmid, name, description));
    }

    @Override
    public void rollbackSnapshot(String node, int vmid, String name, boolean start) {
        runTask(node, vmid, () -> client.rollbackSnapshot(node, vmid, name, start));
    }

    @Override
    public void deleteSnapshot(String node, int vmid, String name) {
        runTask(node, vmid, () -> client.deleteSnapshot(node, vmid, name));
    }

    /**
     * Runs vzdump with {@code remove=0}, so the storage's retention never prunes other backups (on a
     * storage with a retention, PVE then refuses a guest that already has as many backups as it
     * keeps). A backup that failed only because another task held the container (vzdump's task
     * reports {@code job errors}) is made again once that task ended: it wrote no archive. A lock no
     * task holds is reported, never forced. The task is given the lock wait on top of the usual
     * task deadline.
     */
    @Override
    public void backup(String node, int vmid, BackupMode mode, BackupCompression compression, String storage, Duration lockWait) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(lockWait, "lockWait");
        int lockWaitMinutes = wholeMinutes(lockWait);
        Duration taskTimeout = client.config().polling().defaultTimeout().plus(Duration.ofMinutes(lockWaitMinutes));
        long deadline = System.nanoTime() + taskTimeout.toNanos();
        while (true) {
            Upid upid = client.backup(node, vmid, mode.wireName(), compression.wireName(), storage, lockWaitMinutes)
                    .orElseThrow(() -> new PlatformRefusedException("POST /nodes/" + node + "/vzdump", 200,
                            "CT " + vmid + " is not on node " + node + ": vzdump did nothing", null, null));
            try {
                client.awaitTask(upid, taskTimeout);
                return;
            } catch (PlatformTaskException e) {
                if (!guestWasLocked(e) || System.nanoTime() >= deadline || !awaitLockReleased(node, vmid, deadline)) {
                    throw e;
                }
                LOG.debug("CT {} on node {} was locked by another task; backing it up again now that it ended", vmid, node);
            }
        }
    }

    /** vzdump takes whole minutes; a part of a minute still waits. */
    private static int wholeMinutes(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return 0;
        }
        long minutes = wait.toMinutes() + (wait.equals(Duration.ofMinutes(wait.toMinutes())) ? 0 : 1);
        return (int) Math.min(Integer.MAX_VALUE, minutes);
    }

    private static boolean guestWasLocked(PlatformTaskException e) {
        return e.logTail().stream().anyMatch(line -> BACKUP_OF_LOCKED_GUEST.matcher(line).find());
    }

    /** @return whether the container's lock went with the task that held it; false when it stays without one */
    private boolean awaitLockReleased(String node, int vmid, long deadline) {
        long waitedFrom = System.nanoTime();
        while (client.hasActiveTask(node, vmid)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause(client.config().polling().intervalAfter(Duration.ofNanos(System.nanoTime() - waitedFrom)),
                    "CT " + vmid + " on node " + node);
        }
        return client.status(node, vmid).map(ct -> ct.lock() == null).orElse(false);
    }

    @Override
    public List<BackupVolume> backups(String node, String storage, int vmid) {
        return client.backups(node, storage, vmid);
    }

    /** Deleting an archive that is already gone succeeds: Proxmox only notes it in the task log. */
    @Override
    public void deleteVolume(String node, String volume) {
        Objects.requireNonNull(volume, "volume");
        client.deleteVolume(node, volume).ifPresent(client::awaitTask);
    }

    /**
     * Sends the restore and waits for its task, as {@link #createContainer} does: never re-sent after
     * a lost answer, a taken vmid (when not overwriting) is a {@link VmidTakenException}. Over an
     * existing container a refusal because a task holds it waits for that task, like other calls.
     */
    @Override
    public void restore(String node, int vmid, String volume, String storage, boolean overwrite, String hostname,
                        String description) {
        Objects.requireNonNull(volume, "volume");
        String call = "POST /nodes/" + node + "/lxc";
        Upid upid;
        try {
            upid = overwrite
                    ? waitingForLock(node, vmid, () -> client.restore(node, vmid, volume, storage, true, hostname, description))
                    : client.restore(node, vmid, volume, storage, false, hostname, description);
        } catch (PlatformRefusedException e) {
            if (!overwrite && vmidTaken(e.reason())) {
                throw new VmidTakenException(call, vmid, e.reason(), e);
            }
            throw e;
        } catch (PlatformNoAnswerException e) {
            throw new PlatformNoAnswerException(call, e.reason() + "; container " + vmid + " on node '" + node
                    + "' may be restored from " + volume, true, e);
        }
        try {
            client.awaitTask(upid);
        } catch (PlatformTaskException e) {
            if (!overwrite && vmidTaken(e.exitStatus())) {
                throw new VmidTakenException(call, vmid, e.exitStatus(), e);
            }
            throw e;
        }
    }

    @Override
    public List<ObservedResource> resources() {
        return client.clusterResources();
    }

    @Override
    public List<ObservedResource> tasks(String node, Instant since, int limit) {
        return client.tasks(node, since, limit);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ProxmoxContainerPlatform[" + client.config() + "]";
    }
}
