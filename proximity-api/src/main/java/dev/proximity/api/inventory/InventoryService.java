package dev.proximity.api.inventory;

import dev.proximity.api.app.Page;

import java.util.Optional;

/**
 * The cluster inventory: a state database of the Proxmox cluster in the installation's store, with
 * the history of its changes and a desired-versus-actual report.
 */
public interface InventoryService {

    /**
     * Reads the cluster (one {@code /cluster/resources} call and one task list per answering node)
     * and records what changed. One sync runs at a time per store, across processes; a sync that
     * finds nothing changed writes nothing.
     *
     * @return what the sync saw and wrote
     * @throws dev.proximity.api.error.PlatformException when the cluster cannot be read at all (nothing is written)
     * @throws dev.proximity.api.error.ConcurrentOperationException when another sync holds the store's inventory
     *         lock longer than the configured wait
     */
    SyncReport sync();

    /**
     * @param query filters and page
     * @return the current inventory, ordered by id
     */
    Page<InventoryResource> resources(InventoryQuery query);

    /**
     * @param id a resource id such as {@code lxc/101}
     * @return the resource, if the inventory holds it
     */
    Optional<InventoryResource> resource(String id);

    /**
     * @param query filters and page
     * @return state snapshots, oldest first
     */
    Page<StateChange> history(HistoryQuery query);

    /**
     * Compares the apps' records with the inventory as of its latest sync (call {@link #sync()} first
     * for a fresh view).
     *
     * @return missing, drifted and unexplained containers
     */
    DriftReport drift();

    /**
     * Removes snapshots, and finished tasks, older than the retention setting.
     *
     * @return how many records were removed
     */
    int prune();
}
