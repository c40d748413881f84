package dev.proximity.store.json;

import dev.proximity.api.app.Page;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.store.InventoryRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** {@link InventoryRepository} over the inventory and history of one transaction. */
final class JsonInventoryRepository implements InventoryRepository {

    private final TreeMap<String, InventoryResource> resources;
    private final TreeMap<String, StateChange> history;
    private final SessionGuard guard;

    JsonInventoryRepository(TreeMap<String, InventoryResource> resources, TreeMap<String, StateChange> history,
                            SessionGuard guard) {
        this.resources = resources;
        this.history = history;
        this.guard = guard;
    }

    @Override
    public List<InventoryResource> all() {
        guard.checkOpen();
        return List.copyOf(resources.values());
    }

    @Override
    public Optional<InventoryResource> find(String id) {
        guard.checkOpen();
        return Optional.ofNullable(resources.get(id));
    }

    @Override
    public Page<InventoryResource> find(InventoryQuery query) {
        guard.checkOpen();
        return page(resources.values().stream().filter(query::matches).toList(), query.page(), query.size());
    }

    @Override
    public void putAll(Collection<InventoryResource> changed) {
        guard.beforeChange("putAll");
        changed.forEach(resource -> resources.put(resource.id(), resource));
    }

    @Override
    public int deleteAll(Collection<String> ids) {
        guard.beforeChange("deleteAll");
        return (int) ids.stream().distinct().filter(id -> resources.remove(id) != null).count();
    }

    @Override
    public void appendAll(Collection<StateChange> snapshots) {
        guard.beforeChange("appendAll");
        snapshots.forEach(snapshot -> history.put(snapshot.id(), snapshot));
    }

    @Override
    public Optional<StateChange> snapshot(String id) {
        guard.checkOpen();
        return Optional.ofNullable(history.get(id));
    }

    @Override
    public Page<StateChange> history(HistoryQuery query) {
        guard.checkOpen();
        return page(history.values().stream().filter(query::matches).toList(), query.page(), query.size());
    }

    @Override
    public List<StateChange> snapshotsAfter(String afterId, int limit) {
        guard.checkOpen();
        return (afterId == null ? history : history.tailMap(afterId, false)).values().stream().limit(limit).toList();
    }

    @Override
    public int deleteSnapshotsBefore(Instant before) {
        guard.beforeChange("deleteSnapshotsBefore");
        List<String> old = history.values().stream().filter(s -> s.at().isBefore(before)).map(StateChange::id).toList();
        old.forEach(history::remove);
        return old.size();
    }

    private static <T> Page<T> page(List<T> matching, int page, int size) {
        int from = (int) Math.min((long) page * size, matching.size());
        return new Page<>(matching.subList(from, Math.min(from + size, matching.size())), page, size, matching.size());
    }
}
