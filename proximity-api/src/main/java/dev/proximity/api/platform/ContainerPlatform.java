package dev.proximity.api.platform;

import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port: the container platform (Proxmox VE). Every method returns once the work is
 * done: calls that start a Proxmox task wait for it.
 *
 * <p>Every method may throw {@link PlatformException} (the server refused),
 * {@link PlatformTaskException} (a task ended in error) or {@link PlatformTimeoutException}.
 */
public interface ContainerPlatform {

    /** @return every node of the cluster */
    List<NodeInfo> nodes();

    /**
     * Picks the node for a new container.
     *
     * @param preferred a node name, or null for the online node with the most free memory
     * @return the node
     * @throws NotFoundException when the preferred node does not exist
     * @throws PlatformException when the preferred node is not online, or no node is
     */
    NodeInfo selectNode(String preferred);

    /**
     * Creates a container and waits for the task. With no vmid in the spec, allocates one and
     * retries with a fresh id when a concurrent creator took it.
     *
     * @param node the node
     * @param spec what to create
     * @return the vmid of the created container
     */
    int createContainer(String node, ContainerSpec spec);

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
}
