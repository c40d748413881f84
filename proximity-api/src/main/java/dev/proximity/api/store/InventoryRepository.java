package dev.proximity.api.store;

import dev.proximity.api.app.Page;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The cluster inventory: current resources and their state snapshots. */
public interface InventoryRepository {

    /** @return every resource, ordered by id (a sync compares the cluster with all of them) */
    List<InventoryResource> all();

    /**
     * @param id a resource id
     * @return the resource, if kept
     */
    Optional<InventoryResource> find(String id);

    /**
     * @param query filters and page
     * @return one page of resources, ordered by id
     */
    Page<InventoryResource> find(InventoryQuery query);

    /** @param resources resources to insert or replace, by id */
    void putAll(Collection<InventoryResource> resources);

    /**
     * @param ids resource ids
     * @return how many were deleted
     */
    int deleteAll(Collection<String> ids);

    /** @param snapshots snapshots to keep; one with an id already kept replaces it */
    void appendAll(Collection<StateChange> snapshots);

    /**
     * @param id a snapshot id
     * @return the snapshot, if kept
     */
    Optional<StateChange> snapshot(String id);

    /**
     * @param query filters and page
     * @return one page of snapshots, oldest first (by id)
     */
    Page<StateChange> history(HistoryQuery query);

    /**
     * @param afterId exclusive lower bound, or null to start at the first
     * @param limit at most this many
     * @return snapshots in id order, for copying a store record by record
     */
    List<StateChange> snapshotsAfter(String afterId, int limit);

    /**
     * @param before a cutoff
     * @return how many snapshots older than the cutoff were deleted
     */
    int deleteSnapshotsBefore(Instant before);
}
