package dev.proximity.core.internal.inventory;

import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.api.platform.ClusterReader;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreLock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sync: the cluster read in one {@code /cluster/resources} call plus one task list per
 * answering node, compared with the stored inventory, and only the differences written, in one
 * transaction. Runs under the store's inventory lock, so one sync at a time per store across
 * processes, and nothing another sync wrote is lost.
 */
final class InventorySync {

    /** The store lock every process's sync takes. */
    private static final String LOCK = "inventory-sync";

    private final ProximityStore store;
    private final ClusterReader cluster;
    private final Clock clock;
    private final InventorySettings settings;

    InventorySync(ProximityStore store, ClusterReader cluster, Clock clock, InventorySettings settings) {
        this.store = store;
        this.cluster = cluster;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * What a sync saw and the inventory it left, so a caller that needs the inventory next (reconcile)
     * does not read it back from the store.
     *
     * @param report what the sync saw and wrote
     * @param inventory every resource as the store now holds it
     */
    record Result(SyncReport report, Collection<InventoryResource> inventory) {
    }

    /**
     * @return the store's inventory lock, which syncs and prunes of every process take
     * @throws ConcurrentOperationException when another process held it for the whole wait
     */
    StoreLock lock() {
        return store.lock(LOCK, settings.lockWait()).orElseThrow(() ->
                new ConcurrentOperationException("inventory sync of " + store.descriptor(), settings.lockWait()));
    }

    /**
     * @param resource a kept resource
     * @param cutoff the retention cutoff
     * @return whether it is a finished task last changed before the cutoff, which retention removes
     */
    static boolean agedTask(InventoryResource resource, Instant cutoff) {
        return resource.type() == ResourceType.TASK && !"running".equals(resource.observed().status())
                && resource.changedAt().isBefore(cutoff);
    }

    Result run() {
        long started = System.nanoTime();
        try (StoreLock held = lock()) {
            Pass pass = new Pass(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            SyncReport report = pass.run(started);
            return new Result(report, pass.inventoryAfter());
        }
    }

    /** The state of one sync. */
    private final class Pass {
        private final Instant now;
        private final Map<String, InventoryResource> known = new LinkedHashMap<>();
        private final Set<String> coveredNodes = new TreeSet<>();
        private final Set<String> staleNodes = new TreeSet<>();
        private final Map<String, InventoryResource> puts = new LinkedHashMap<>();
        private final Set<String> deletes = new LinkedHashSet<>();
        private final List<StateChange> snapshots = new ArrayList<>();
        private final Map<ChangeType, Integer> counts = new EnumMap<>(ChangeType.class);
        private int metricsRefreshed;

        Pass(Instant now) {
            this.now = now;
        }

        SyncReport run(long startedNanos) {
            // the cluster first: if it cannot be read, nothing is written
            List<ObservedResource> seen = new ArrayList<>(cluster.resources());
            store.read(session -> session.inventory().all()).forEach(resource -> known.put(resource.id(), resource));
            known.values().stream().filter(r -> r.type() == ResourceType.NODE).forEach(r -> coveredNodes.add(r.node()));
            Set<String> listedNodes = new TreeSet<>();
            for (ObservedResource resource : seen) {
                if (resource.type() == ResourceType.NODE) {
                    listedNodes.add(resource.node());
                    if (!"online".equals(resource.status())) {
                        staleNodes.add(resource.node());
                    }
                }
            }
            for (String node : listedNodes) {
                if (!staleNodes.contains(node)) {
                    try {
                        seen.addAll(cluster.tasks(node, tasksSince(node), settings.taskLimit()));
                    } catch (PlatformException noAnswer) {
                        staleNodes.add(node);
                    }
                }
            }
            Set<String> observedIds = new LinkedHashSet<>();
            for (ObservedResource resource : seen) {
                if (observedIds.add(resource.id())) {
                    merge(resource);
                }
            }
            for (InventoryResource old : known.values()) {
                if (!observedIds.contains(old.id())) {
                    vanished(old, listedNodes);
                }
            }
            int prunedTasks = prune(observedIds);
            int changes = puts.size() + deletes.size() + snapshots.size();
            Instant cutoff = cutoff();
            boolean pruneSnapshots = oldSnapshotsExist(cutoff);
            int prunedSnapshots = 0;
            if (changes > 0 || pruneSnapshots) {
                prunedSnapshots = store.write(session -> {
                    session.inventory().putAll(puts.values());
                    session.inventory().deleteAll(deletes);
                    session.inventory().appendAll(snapshots);
                    return pruneSnapshots ? session.inventory().deleteSnapshotsBefore(cutoff) : 0;
                });
            }
            return new SyncReport(now, observedIds.size(), counts, metricsRefreshed, List.copyOf(staleNodes),
                    changes + prunedSnapshots, prunedTasks + prunedSnapshots, Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        Collection<InventoryResource> inventoryAfter() {
            Map<String, InventoryResource> after = new LinkedHashMap<>(known);
            deletes.forEach(after::remove);
            after.putAll(puts);
            return after.values();
        }

        /** Running tasks are read again until they end; otherwise only tasks newer than the newest kept. */
        private Instant tasksSince(String node) {
            long earliestRunning = Long.MAX_VALUE;
            long latest = Long.MIN_VALUE;
            for (InventoryResource resource : known.values()) {
                if (resource.type() == ResourceType.TASK && resource.node().equals(node)) {
                    long start = Long.parseLong(resource.observed().properties().getOrDefault("starttime", "0"));
                    latest = Math.max(latest, start);
                    if ("running".equals(resource.observed().status())) {
                        earliestRunning = Math.min(earliestRunning, start);
                    }
                }
            }
            if (earliestRunning != Long.MAX_VALUE) {
                return Instant.ofEpochSecond(earliestRunning);
            }
            return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
        }

        private void merge(ObservedResource resource) {
            String digest = ResourceDigest.of(resource);
            InventoryResource old = known.get(resource.id());
            // a node that does not answer reports its guests as "unknown": the last known state is kept
            boolean stale = resource.type() != ResourceType.NODE && staleNodes.contains(resource.node());
            if (old == null) {
                InventoryResource created = new InventoryResource(resource, digest, now, now, now, stale);
                record(coveredNodes.contains(resource.node()) ? ChangeType.CREATED : ChangeType.DISCOVERED, created);
                puts.put(created.id(), created);
            } else if (stale) {
                if (!old.stale()) {
                    puts.put(old.id(), old.withStale(true));
                }
            } else if (!old.digest().equals(digest)) {
                InventoryResource updated = new InventoryResource(resource, digest, old.firstSeen(), now, now, false);
                record(ChangeType.UPDATED, updated);
                puts.put(updated.id(), updated);
            } else if (old.stale()) {
                puts.put(old.id(), new InventoryResource(resource, digest, old.firstSeen(), old.changedAt(), now, false));
            } else if (!old.observed().metrics().equals(resource.metrics())
                    && !old.refreshedAt().plus(settings.metricsRefresh()).isAfter(now)) {
                puts.put(old.id(), new InventoryResource(resource, digest, old.firstSeen(), old.changedAt(), now, false));
                metricsRefreshed++;
            }
        }

        /** Gone from the listing: deleted if its node answered; kept, marked stale, if it did not. Tasks age out instead. */
        private void vanished(InventoryResource old, Set<String> listedNodes) {
            if (old.type() == ResourceType.TASK) {
                return;
            }
            boolean nodeSilent = old.type() != ResourceType.NODE && staleNodes.contains(old.node())
                    && listedNodes.contains(old.node());
            if (nodeSilent) {
                if (!old.stale()) {
                    puts.put(old.id(), old.withStale(true));
                }
                return;
            }
            record(ChangeType.DELETED, old);
            deletes.add(old.id());
        }

        /** Finished tasks older than the retention go, without a snapshot: they aged out, nothing happened to them. */
        private int prune(Set<String> observedIds) {
            Instant cutoff = cutoff();
            int pruned = 0;
            for (InventoryResource old : known.values()) {
                if (agedTask(old, cutoff) && !observedIds.contains(old.id())) {
                    deletes.add(old.id());
                    pruned++;
                }
            }
            return pruned;
        }

        private Instant cutoff() {
            return now.minus(settings.retention());
        }

        private boolean oldSnapshotsExist(Instant cutoff) {
            return store.read(session -> session.inventory().history(HistoryQuery.all().between(null, cutoff).page(0, 1)))
                    .total() > 0;
        }

        private void record(ChangeType change, InventoryResource resource) {
            snapshots.add(new StateChange(StateChange.idOf(now, resource.id()), change, now, resource));
            counts.merge(change, 1, Integer::sum);
        }
    }
}
