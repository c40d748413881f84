package dev.proximity.api.platform;

import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.error.VmidTakenException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port: the container platform (Proxmox VE). Every method returns once the work is
 * done: calls that start a Proxmox task wait for it.
 *
 * <p>Every method may throw a {@link PlatformException}: {@link PlatformRefusedException} (the
 * server answered with an error), {@link PlatformNoAnswerException} (no answer),
 * {@link PlatformTaskException} (a task ended in error) or {@link PlatformTimeoutException}.
 */
public interface ContainerPlatform {

    /** @return every node of the cluster */
    List<NodeInfo> nodes();

    /**
     * The lowest container id no guest of the cluster uses now. It reserves nothing: a concurrent
     * creator may take it first, which {@link #createContainer} then reports.
     *
     * @return a free id
     */
    int nextFreeVmid();

    /**
     * @param vmid a container id
     * @return whether no guest of the cluster uses it now
     */
    boolean isVmidFree(int vmid);

    /**
     * Creates a container under the spec's id and waits for the task. Never re-sent after a lost
     * answer: the container may then exist ({@link PlatformNoAnswerException#mayHaveTakenEffect()}).
     *
     * @param node the node
     * @param spec what to create
     * @throws VmidTakenException when another guest has the id; nothing was created
     */
    void createContainer(String node, ContainerSpec spec);

    /**
     * @param node the node
     * @param vmid the container
     */
    void start(String node, int vmid);

    /**
     * Hard stop.
     * @param node the node
     * @param vmid the container
     */
    void stop(String node, int vmid);

    /**
     * Clean shutdown.
     *
     * @param node the node
     * @param vmid the container
     * @param timeout how long the guest gets to shut down
     * @param forceStop stop it hard after the timeout
     */
    void shutdown(String node, int vmid, Duration timeout, boolean forceStop);

    /**
     * @param node the node
     * @param vmid the container
     */
    void reboot(String node, int vmid);

    /**
     * Destroys a container.
     *
     * @param node the node
     * @param vmid the container
     * @param force stop it first if running
     * @param purge also remove it from backup jobs, replication and HA
     */
    void delete(String node, int vmid, boolean force, boolean purge);

    /**
     * @param node the node
     * @param vmid the container
     * @return its current status, or empty when it does not exist
     */
    Optional<ContainerInfo> status(String node, int vmid);

    /**
     * @param node the node
     * @return every container on the node
     */
    List<ContainerInfo> containers(String node);

    /**
     * @param node the node
     * @param vmid the container
     * @return its configuration (including {@code digest})
     */
    Map<String, String> config(String node, int vmid);

    /**
     * @param node the node
     * @param vmid the container
     * @param changes the settings to change
     */
    void updateConfig(String node, int vmid, Map<String, String> changes);

    /**
     * @param node the node
     * @param vmid the container
     * @return its interfaces, or empty while the container is stopped
     */
    Optional<List<ContainerInterface>> interfaces(String node, int vmid);

    /**
     * @param node the node
     * @param vmid the container
     * @return its snapshots, oldest first, without Proxmox's {@code current} pseudo-entry
     */
    List<ContainerSnapshot> snapshots(String node, int vmid);

    /**
     * Takes a snapshot and waits for the task. The container's storage must support snapshots
     * (LVM-thin, ZFS, Ceph); a directory storage is refused ({@code snapshot feature is not available}).
     *
     * @param node the node
     * @param vmid the container
     * @param name the snapshot's name: a letter, then letters, digits, {@code -} or {@code _}; at most 40
     * @param description a description, or null
     */
    void createSnapshot(String node, int vmid, String name, String description);

    /**
     * Rolls the container back to a snapshot (stopping it) and waits for the task.
     *
     * @param node the node
     * @param vmid the container
     * @param name the snapshot
     * @param start whether to start the container afterwards
     */
    void rollbackSnapshot(String node, int vmid, String name, boolean start);

    /**
     * @param node the node
     * @param vmid the container
     * @param name the snapshot to delete
     */
    void deleteSnapshot(String node, int vmid, String name);

    /**
     * Grows a container's volume and waits for the task. Proxmox refuses to shrink a volume or to
     * "grow" it to the size it has.
     *
     * @param node the node
     * @param vmid the container
     * @param disk {@code rootfs} or a mount point ({@code mp0}...)
     * @param sizeGiB the new size, GiB
     */
    void resizeDisk(String node, int vmid, String disk, int sizeGiB);

    /**
     * Moves a container to another node of the cluster and waits for the task. LXC cannot move
     * live: a running container moves in restart mode (shut down, moved, started on the target);
     * if that fails, Proxmox starts it again on the source. Local bind mounts and devices block
     * the move.
     *
     * @param node the node that holds it
     * @param vmid the container
     * @param target the node to move it to
     * @param restart whether a running container may be restarted to move
     */
    void migrate(String node, int vmid, String target, boolean restart);

    /**
     * Makes a full copy of a container under a new id, on the same node, and waits for the task.
     * Proxmox clones a running container only from a snapshot. Never re-sent after a lost answer:
     * the copy may then exist.
     *
     * @param node the node
     * @param vmid the container to copy
     * @param newVmid the copy's id
     * @param hostname the copy's hostname
     * @param description the copy's description
     * @param fromSnapshot the snapshot to copy from, or null for the current state (stopped containers only)
     * @throws dev.proximity.api.error.VmidTakenException when another guest has the new id; nothing was created
     */
    void cloneContainer(String node, int vmid, int newVmid, String hostname, String description, String fromSnapshot);

    /**
     * Backs up a container with vzdump and waits for the task. Never prunes: the storage's other
     * backups stay. vzdump holds a node-wide lock: one asked for while another runs on the node
     * waits up to {@code lockWait} (whole minutes), then its task fails. The answer does not name
     * the archive: {@link #backups list the storage} to find it.
     *
     * @param node the node that holds the container
     * @param vmid the container
     * @param mode how the container is kept consistent
     * @param compression how the archive is compressed
     * @param storage the storage for the archive (it must hold backups)
     * @param lockWait how long to wait for another backup on the node
     * @throws PlatformRefusedException when the container is not on that node (vzdump then does nothing and answers "OK")
     */
    void backup(String node, int vmid, BackupMode mode, BackupCompression compression, String storage, Duration lockWait);

    /**
     * @param node the node whose storage to list (local storage differs per node)
     * @param storage the storage
     * @param vmid the guest whose backups to list
     * @return its backup archives on that storage, oldest first
     */
    List<BackupVolume> backups(String node, String storage, int vmid);

    /**
     * Deletes a volume (a backup archive) and waits for the task.
     *
     * @param node the node whose storage holds it
     * @param volume its volume id, {@code storage:path}
     */
    void deleteVolume(String node, String volume);

    /**
     * Restores a backup archive and waits for the task. Over an existing container
     * ({@code overwrite}) the container must be stopped; Proxmox keeps it as it was when the
     * restore fails. As a new container it gets new MAC addresses. A hostname or description
     * given replaces the archive's, in the same task, so the container never exists under the old
     * name. Never re-sent after a lost answer.
     *
     * @param node the node
     * @param vmid the container to restore into
     * @param volume the archive's volume id
     * @param storage the storage for the restored volumes
     * @param overwrite whether to replace the existing container {@code vmid}
     * @param hostname the restored container's hostname, or null for the archive's
     * @param description its description, or null for the archive's
     * @throws dev.proximity.api.error.VmidTakenException when not overwriting and another guest has the id; nothing was created
     */
    void restore(String node, int vmid, String volume, String storage, boolean overwrite, String hostname, String description);
}
