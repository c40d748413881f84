package dev.proximity.core.internal.inventory;

import dev.proximity.api.app.Page;
import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.inventory.DriftReport;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.InventoryService;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.api.platform.ClusterReader;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreLock;
import dev.proximity.core.internal.app.ContainerScan;
import dev.proximity.core.internal.app.InstallationMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The inventory use cases: sync (on demand, and periodically when an interval is set), queries,
 * drift and pruning.
 */
public final class DefaultInventoryService implements InventoryService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultInventoryService.class);

    private final ProximityStore store;
    private final Clock clock;
    private final InventorySettings settings;
    private final InventorySync sync;
    private final DriftCheck drift;
    private final ScheduledExecutorService periodic;
    private volatile Instant lastSync;

    /**
     * @param store the store holding the inventory
     * @param cluster reads the cluster
     * @param clock the time
     * @param settings retention, lock wait, task limit, interval
     * @param installationId the installation whose containers the drift report expects
     */
    public DefaultInventoryService(ProximityStore store, ClusterReader cluster, Clock clock, InventorySettings settings,
                                   String installationId) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sync = new InventorySync(store, Objects.requireNonNull(cluster, "cluster"), clock, settings);
        this.drift = new DriftCheck(store, new InstallationMarker(installationId));
        if (settings.interval() != null) {
            periodic = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "proximity-inventory-sync");
                thread.setDaemon(true);
                return thread;
            });
            long every = settings.interval().toMillis();
            periodic.scheduleWithFixedDelay(this::periodicSync, every, every, TimeUnit.MILLISECONDS);
        } else {
            periodic = null;
        }
    }

    private void periodicSync() {
        try {
            SyncReport report = sync();
            LOG.debug("periodic inventory sync: {} seen, {} written, stale nodes {}", report.seen(), report.writes(),
                    report.staleNodes());
        } catch (ConcurrentOperationException busy) {
            LOG.debug("periodic inventory sync skipped: {}", busy.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("periodic inventory sync failed; the inventory keeps its last state: {}", e.getMessage());
        }
    }

    @Override
    public SyncReport sync() {
        return syncAndKeep().report();
    }

    /** @return the sync's report and the inventory it left */
    InventorySync.Result syncAndKeep() {
        InventorySync.Result result = sync.run();
        lastSync = result.report().at();
        return result;
    }

    @Override
    public Page<InventoryResource> resources(InventoryQuery query) {
        Objects.requireNonNull(query, "query");
        return store.read(session -> session.inventory().find(query));
    }

    @Override
    public Optional<InventoryResource> resource(String id) {
        Objects.requireNonNull(id, "id");
        return store.read(session -> session.inventory().find(id));
    }

    @Override
    public Page<StateChange> history(HistoryQuery query) {
        Objects.requireNonNull(query, "query");
        return store.read(session -> session.inventory().history(query));
    }

    @Override
    public DriftReport drift() {
        return drift.check(lastSync);
    }

    @Override
    public int prune() {
        try (StoreLock held = sync.lock()) {
            Instant cutoff = clock.instant().minus(settings.retention());
            return store.write(session -> {
                List<String> oldTasks = session.inventory().all().stream()
                        .filter(resource -> InventorySync.agedTask(resource, cutoff))
                        .map(InventoryResource::id).toList();
                return session.inventory().deleteAll(oldTasks) + session.inventory().deleteSnapshotsBefore(cutoff);
            });
        }
    }

    /** @return reconcile's scan through this inventory */
    public ContainerScan scan() {
        return new InventoryScan(this);
    }

    /** Stops the periodic sync, letting one under way finish. */
    @Override
    public void close() {
        if (periodic != null) {
            periodic.shutdown();
            try {
                periodic.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
