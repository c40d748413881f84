package dev.proximity.core.internal.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.Page;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.BackupRepository;
import dev.proximity.api.store.DeploymentLogRepository;
import dev.proximity.api.store.InventoryRepository;
import dev.proximity.api.store.MigrationRunRepository;
import dev.proximity.api.store.PortLeaseRepository;
import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.store.UpsertResult;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A session on the primary store that records, for every change, the resulting records into a
 * {@link Mirror} to replay on the secondary.
 */
public final class RecordingSession {

    private RecordingSession() {
    }

    /**
     * @param primary the primary's session
     * @param mirror where changes are recorded
     * @return a session that behaves as the primary's and records its changes
     */
    static StoreSession over(StoreSession primary, Mirror mirror) {
        return new Repositories(new Apps(primary.apps(), mirror), new Leases(primary.portLeases(), mirror),
                new Logs(primary.deploymentLogs(), mirror), new Runs(primary.migrationRuns(), mirror),
                new Settings(primary.settings(), mirror), new Inventory(primary.inventory(), mirror),
                new Backups(primary.backups(), mirror));
    }

    private static final class Apps extends ForwardingAppRepository {
        private final Mirror mirror;

        Apps(AppRepository primary, Mirror mirror) {
            super(primary);
            this.mirror = mirror;
        }

        @Override
        public App insert(App app) {
            return copied(delegate().insert(app));
        }

        @Override
        public App update(App app) {
            return copied(delegate().update(app));
        }

        @Override
        public UpsertOutcome upsertIfNewer(App app) {
            UpsertOutcome outcome = delegate().upsertIfNewer(app);
            if (outcome == UpsertOutcome.CREATED || outcome == UpsertOutcome.UPDATED) {
                delegate().get(app.id()).ifPresent(this::copied);
            }
            return outcome;
        }

        @Override
        public List<UpsertResult> upsertAllIfNewer(List<App> apps) {
            List<UpsertResult> results = delegate().upsertAllIfNewer(apps);
            results.stream().filter(r -> r.outcome() == UpsertOutcome.CREATED || r.outcome() == UpsertOutcome.UPDATED)
                    .map(UpsertResult::id).distinct().forEach(id -> delegate().get(id).ifPresent(this::copied));
            return results;
        }

        @Override
        public void putVerbatim(App app) {
            delegate().putVerbatim(app);
            delegate().get(app.id()).ifPresent(this::copied);
        }

        @Override
        public boolean delete(String id) {
            boolean deleted = delegate().delete(id);
            if (deleted) {
                mirror.apps.add(id);
                mirror.add(secondary -> secondary.apps().delete(id));
            }
            return deleted;
        }

        private App copied(App stored) {
            mirror.apps.add(stored.id());
            mirror.add(secondary -> secondary.apps().putVerbatim(stored));
            return stored;
        }
    }

    private record Leases(PortLeaseRepository primary, Mirror mirror) implements PortLeaseRepository {
        @Override
        public Optional<PortLease> reserveLowestFree(PortRange range, String ownerId, Instant now, Instant expiresAt) {
            return primary.reserveLowestFree(range, ownerId, now, expiresAt).map(this::copied);
        }

        @Override
        public Optional<PortLease> reserve(int port, String ownerId, Instant now, Instant expiresAt) {
            return primary.reserve(port, ownerId, now, expiresAt).map(this::copied);
        }

        @Override
        public List<PortLease> bind(String ownerId) {
            List<PortLease> bound = primary.bind(ownerId);
            bound.forEach(this::copied);
            return bound;
        }

        @Override
        public int release(String ownerId) {
            int released = primary.release(ownerId);
            if (released > 0) {
                mirror.leaseOwners.add(ownerId);
                mirror.add(secondary -> secondary.portLeases().release(ownerId));
            }
            return released;
        }

        @Override
        public Optional<PortLease> find(int port) {
            return primary.find(port);
        }

        @Override
        public List<PortLease> findByOwner(String ownerId) {
            return primary.findByOwner(ownerId);
        }

        @Override
        public int countLive(PortRange range, Instant now) {
            return primary.countLive(range, now);
        }

        @Override
        public int deleteExpired(Instant now) {
            int deleted = primary.deleteExpired(now);
            if (deleted > 0) {
                mirror.add(secondary -> secondary.portLeases().deleteExpired(now));
            }
            return deleted;
        }

        @Override
        public List<PortLease> listAfter(int afterPort, int limit) {
            return primary.listAfter(afterPort, limit);
        }

        @Override
        public void save(PortLease lease) {
            primary.save(lease);
            copied(lease);
        }

        private PortLease copied(PortLease lease) {
            mirror.leasePorts.add(lease.port());
            mirror.leaseOwners.add(lease.ownerId());
            mirror.add(secondary -> secondary.portLeases().save(lease));
            return lease;
        }
    }

    private record Logs(DeploymentLogRepository primary, Mirror mirror) implements DeploymentLogRepository {
        @Override
        public void append(DeploymentLogEntry entry) {
            primary.append(entry);
            mirror.logs.add(entry.appId());
            mirror.add(secondary -> secondary.deploymentLogs().append(entry));
        }

        @Override
        public List<DeploymentLogEntry> forApp(String appId) {
            return primary.forApp(appId);
        }

        @Override
        public void replaceForApp(String appId, List<DeploymentLogEntry> entries) {
            primary.replaceForApp(appId, entries);
            mirror.logs.add(appId);
            mirror.add(secondary -> secondary.deploymentLogs().replaceForApp(appId, entries));
        }

        @Override
        public int deleteForApp(String appId) {
            int deleted = primary.deleteForApp(appId);
            mirror.logs.add(appId);
            mirror.add(secondary -> secondary.deploymentLogs().deleteForApp(appId));
            return deleted;
        }

        @Override
        public List<String> appIdsAfter(String afterAppId, int limit) {
            return primary.appIdsAfter(afterAppId, limit);
        }
    }

    private record Runs(MigrationRunRepository primary, Mirror mirror) implements MigrationRunRepository {
        @Override
        public void save(MigrationRun run) {
            primary.save(run);
            mirror.runs.add(run.id());
            mirror.add(secondary -> secondary.migrationRuns().save(run));
        }

        @Override
        public Optional<MigrationRun> find(String runId) {
            return primary.find(runId);
        }

        @Override
        public List<MigrationRun> list() {
            return primary.list();
        }
    }

    private static final class Settings extends ForwardingSettingsRepository {
        private final Mirror mirror;

        Settings(SettingsRepository primary, Mirror mirror) {
            super(primary);
            this.mirror = mirror;
        }

        @Override
        public void put(String key, String value) {
            super.put(key, value);
            copied(key, value);
        }

        @Override
        public String putIfAbsent(String key, String value) {
            String kept = super.putIfAbsent(key, value);
            copied(key, kept);
            return kept;
        }

        @Override
        public boolean remove(String key) {
            boolean removed = super.remove(key);
            if (removed) {
                mirror.settings.add(key);
                mirror.add(secondary -> secondary.settings().remove(key));
            }
            return removed;
        }

        private void copied(String key, String value) {
            mirror.settings.add(key);
            mirror.add(secondary -> secondary.settings().put(key, value));
        }
    }

    private record Inventory(InventoryRepository primary, Mirror mirror) implements InventoryRepository {
        @Override
        public List<InventoryResource> all() {
            return primary.all();
        }

        @Override
        public Optional<InventoryResource> find(String id) {
            return primary.find(id);
        }

        @Override
        public Page<InventoryResource> find(InventoryQuery query) {
            return primary.find(query);
        }

        @Override
        public void putAll(Collection<InventoryResource> resources) {
            primary.putAll(resources);
            List<InventoryResource> copies = List.copyOf(resources);
            copies.forEach(resource -> mirror.resources.add(resource.id()));
            mirror.add(secondary -> secondary.inventory().putAll(copies));
        }

        @Override
        public int deleteAll(Collection<String> ids) {
            int deleted = primary.deleteAll(ids);
            List<String> copies = List.copyOf(ids);
            mirror.resources.addAll(copies);
            mirror.add(secondary -> secondary.inventory().deleteAll(copies));
            return deleted;
        }

        @Override
        public void appendAll(Collection<StateChange> snapshots) {
            primary.appendAll(snapshots);
            List<StateChange> copies = List.copyOf(snapshots);
            copies.forEach(snapshot -> mirror.snapshots.add(snapshot.id()));
            mirror.add(secondary -> secondary.inventory().appendAll(copies));
        }

        @Override
        public Optional<StateChange> snapshot(String id) {
            return primary.snapshot(id);
        }

        @Override
        public Page<StateChange> history(HistoryQuery query) {
            return primary.history(query);
        }

        @Override
        public List<StateChange> snapshotsAfter(String afterId, int limit) {
            return primary.snapshotsAfter(afterId, limit);
        }

        /** Whole-table pruning is replayed as the same cutoff, so a repair entry need not name every snapshot. */
        @Override
        public int deleteSnapshotsBefore(Instant before) {
            int deleted = primary.deleteSnapshotsBefore(before);
            if (deleted > 0) {
                mirror.add(secondary -> secondary.inventory().deleteSnapshotsBefore(before));
            }
            return deleted;
        }
    }

    private record Backups(BackupRepository primary, Mirror mirror) implements BackupRepository {
        @Override
        public void put(AppBackup backup) {
            primary.put(backup);
            mirror.backups.add(backup.id());
            mirror.add(secondary -> secondary.backups().put(backup));
        }

        @Override
        public Optional<AppBackup> find(String id) {
            return primary.find(id);
        }

        @Override
        public List<AppBackup> ofApp(String appId) {
            return primary.ofApp(appId);
        }

        @Override
        public List<AppBackup> after(String afterId, int limit) {
            return primary.after(afterId, limit);
        }

        @Override
        public boolean delete(String id) {
            boolean deleted = primary.delete(id);
            mirror.backups.add(id);
            mirror.add(secondary -> secondary.backups().delete(id));
            return deleted;
        }
    }
}
