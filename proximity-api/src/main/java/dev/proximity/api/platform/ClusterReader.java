package dev.proximity.api.platform;

import dev.proximity.api.inventory.ObservedResource;

import java.time.Instant;
import java.util.List;

/**
 * Outbound port: reads the whole cluster for the inventory. The Proxmox adapter implements it with
 * {@code GET /cluster/resources} and {@code GET /nodes/{node}/tasks}.
 */
public interface ClusterReader {

    /**
     * @return every node, guest (LXC and QEMU) and storage the cluster reports, in one read
     * @throws dev.proximity.api.error.PlatformException when the cluster cannot be read
     */
    List<ObservedResource> resources();

    /**
     * @param node an online node
     * @param since only tasks started at or after this time, or null for the node's most recent ones
     * @param limit at most this many
     * @return the node's tasks, running and finished
     * @throws dev.proximity.api.error.PlatformException when the node does not answer
     */
    List<ObservedResource> tasks(String node, Instant since, int limit);
}
