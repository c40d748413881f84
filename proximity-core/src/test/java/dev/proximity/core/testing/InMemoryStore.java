package dev.proximity.core.testing;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.DeploymentLogRepository;
import dev.proximity.api.store.BackupRepository;
import dev.proximity.api.store.InventoryRepository;
import dev.proximity.api.store.MigrationRunRepository;
import dev.proximity.api.store.PortLeaseRepository;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.UpsertOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link ProximityStore} in memory, for proximity-core's fast tests. It passes the store
 * contract suite: transactions are copy-on-write (a write works on a copy of the state, published
 * when the work returns, dropped when it throws), writers are serialized, readers see the last
 * published state without waiting, and named locks exclude other threads of this JVM.
 *
 * <pre>{@code
 * InMemoryStore store = InMemoryStore.create();
 * store.failNextWrites(1);   // the next write fails with a StoreException
 * }</pre>
 */
public final class InMemoryStore implements ProximityStore {

    private final ReentrantLock writer = new ReentrantLock(true);
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> false);
    private final Map<String, Thread> locks = new HashMap<>();
    private volatile State state = new State();
    private int failingWrites;
    private volatile boolean closed;

    private InMemoryStore() {
    }

    /** @return an empty store */
    public static InMemoryStore create() {
        return new InMemoryStore();
    }

    /**
     * Makes the next writes fail with a {@link StoreException} before they change anything.
     *
     * @param count how many writes
     */
    public synchronized void failNextWrites(int count) {
        failingWrites = count;
    }

    private synchronized boolean takeFailure() {
        if (failingWrites > 0) {
            failingWrites--;
            return true;
        }
        return false;
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        checkOpen();
        Session session = new Session(state, false);
        try {
            return work.apply(session.repositories());
        } finally {
            session.open = false;
        }
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        checkOpen();
        if (writing.get()) {
            throw new IllegalStateException("write() called inside write(); use the session you were given");
        }
        if (takeFailure()) {
            throw new StoreException("memory store: injected write failure");
        }
        writer.lock();
        writing.set(true);
        try {
            State working = state.copy();
            Session session = new Session(working, true);
            T result;
            try {
                result = work.apply(session.repositories());
            } finally {
                session.open = false;
            }
            state = working;
            return result;
        } finally {
            writing.remove();
            writer.unlock();
        }
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        Objects.requireNonNull(name, "name");
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (locks) {
            while (locks.containsKey(name)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                try {
                    locks.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for lock '" + name + "'", e);
                }
            }
            locks.put(name, Thread.currentThread());
        }
        return Optional.of(new StoreLock() {
            private boolean released;

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
                synchronized (locks) {
                    if (!released) {
                        released = true;
                        locks.remove(name);
                        locks.notifyAll();
                    }
                }
            }
        });
    }

    @Override
    public StoreDescriptor descriptor() {
        return new StoreDescriptor("memory", "heap@" + Integer.toHexString(System.identityHashCode(this)));
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory store is closed");
        }
    }

    /** Everything the store holds. Values are immutable, so a copy copies only the collections. */
    private static final class State {
        final TreeMap<String, App> apps = new TreeMap<>();
        final TreeMap<Integer, PortLease> leases = new TreeMap<>();
        final TreeMap<String, List<DeploymentLogEntry>> logs = new TreeMap<>();
        final Map<String, MigrationRun> runs = new LinkedHashMap<>();
        final TreeMap<String, String> settings = new TreeMap<>();
        final TreeMap<String, InventoryResource> inventory = new TreeMap<>();
        final TreeMap<String, StateChange> snapshots = new TreeMap<>();
        final TreeMap<String, AppBackup> backups = new TreeMap<>();

        State copy() {
            State copy = new State();
            copy.apps.putAll(apps);
            copy.leases.putAll(leases);
            copy.logs.putAll(logs);
            copy.runs.putAll(runs);
            copy.settings.putAll(settings);
            copy.inventory.putAll(inventory);
            copy.snapshots.putAll(snapshots);
            copy.backups.putAll(backups);
            return copy;
        }
    }

    /** The repositories of one read or write, over one state. */
    private static final class Session {
        final State state;
        final boolean writable;
        volatile boolean open = true;

        Session(State state, boolean writable) {
            this.state = state;
            this.writable = writable;
        }

        void check() {
            if (!open) {
                throw new IllegalStateException("store session used after the read/write call that handed it out returned");
            }
        }

        void change(String operation) {
            check();
            if (!writable) {
                throw new IllegalStateException(operation + " is not allowed in a read-only session; use store.write(...)");
            }
        }

        Repositories repositories() {
            return new Repositories(new Apps(this), new Leases(this), new Logs(this), new Runs(this), new Settings(this),
                    new Inventory(this), new Backups(this));
        }
    }

    private static final class Apps implements AppRepository {
        private final Session session;
        private final TreeMap<String, App> apps;

        Apps(Session session) {
            this.session = session;
            this.apps = session.state.apps;
        }

        @Override
        public Optional<App> get(String id) {
            session.check();
            return Optional.ofNullable(id == null ? null : apps.get(id));
        }

        @Override
        public Optional<App> findByHostname(String hostname) {
            session.check();
            return hostname == null ? Optional.empty()
                    : apps.values().stream().filter(app -> app.hostname().equals(hostname.toLowerCase(Locale.ROOT))).findFirst();
        }

        @Override
        public Page<App> find(AppQuery query) {
            session.check();
            String text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
            List<App> found = new ArrayList<>(apps.values().stream()
                    .filter(app -> query.statuses().isEmpty() || query.statuses().contains(app.status()))
                    .filter(app -> query.node() == null || query.node().equals(app.node()))
                    .filter(app -> query.catalogId() == null || query.catalogId().equals(app.catalogId()))
                    .filter(app -> query.ownerId() == null || query.ownerId().equals(app.ownerId()))
                    .filter(app -> text == null || contains(app.name(), text) || contains(app.hostname(), text) || contains(app.id(), text))
                    .toList());
            found.sort(order(query.sort(), query.direction()));
            int from = (int) Math.min((long) query.page() * query.size(), found.size());
            int to = Math.min(from + query.size(), found.size());
            return new Page<>(found.subList(from, to), query.page(), query.size(), found.size());
        }

        private static boolean contains(String value, String lowerCaseText) {
            return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
        }

        private static Comparator<App> order(AppSort sort, SortDirection direction) {
            Comparator<Instant> times = Comparator.nullsFirst(Comparator.naturalOrder());
            Comparator<App> byId = Comparator.comparing(App::id);
            Comparator<App> order = switch (sort) {
                case ID -> byId;
                case NAME -> Comparator.comparing(App::name).thenComparing(byId);
                case HOSTNAME -> Comparator.comparing(App::hostname).thenComparing(byId);
                case CREATED_AT -> Comparator.comparing(App::createdAt, times).thenComparing(byId);
                case UPDATED_AT -> Comparator.comparing(App::updatedAt, times).thenComparing(byId);
            };
            return direction == SortDirection.DESC ? order.reversed() : order;
        }

        @Override
        public long count() {
            session.check();
            return apps.size();
        }

        @Override
        public App insert(App app) {
            session.change("insert");
            if (apps.containsKey(app.id())) {
                throw new AlreadyExistsException("app", "id", app.id());
            }
            requireUnique(app);
            App stored = app.toBuilder().version(1).build();
            apps.put(stored.id(), stored);
            return stored;
        }

        @Override
        public App update(App app) {
            session.change("update");
            App previous = apps.get(app.id());
            if (previous == null) {
                throw new NotFoundException("app", app.id());
            }
            if (previous.version() != app.version()) {
                throw new ConcurrentUpdateException("app", app.id(), app.version(), previous.version());
            }
            requireUnique(app);
            App stored = app.toBuilder().version(previous.version() + 1).build();
            apps.put(stored.id(), stored);
            return stored;
        }

        @Override
        public UpsertOutcome upsertIfNewer(App app) {
            session.change("upsertIfNewer");
            App previous = apps.get(app.id());
            if (previous != null && (app.updatedAt() == null
                    || previous.updatedAt() != null && !app.updatedAt().isAfter(previous.updatedAt()))) {
                return UpsertOutcome.SKIPPED;
            }
            putVerbatim(app);
            return previous == null ? UpsertOutcome.CREATED : UpsertOutcome.UPDATED;
        }

        @Override
        public void putVerbatim(App app) {
            session.change("putVerbatim");
            requireUnique(app);
            apps.put(app.id(), app.version() < 1 ? app.toBuilder().version(1).build() : app);
        }

        /** Unique: hostname, vmid, public port, internal port (the id is the key). */
        private void requireUnique(App app) {
            for (App other : apps.values()) {
                if (other.id().equals(app.id())) {
                    continue;
                }
                if (other.hostname().equals(app.hostname())) {
                    throw new AlreadyExistsException("app", "hostname", app.hostname());
                }
                if (app.vmid() != null && app.vmid().equals(other.vmid())) {
                    throw new AlreadyExistsException("app", "vmid", app.vmid());
                }
                if (app.publicPort() != null && app.publicPort().equals(other.publicPort())) {
                    throw new AlreadyExistsException("app", "publicPort", app.publicPort());
                }
                if (app.internalPort() != null && app.internalPort().equals(other.internalPort())) {
                    throw new AlreadyExistsException("app", "internalPort", app.internalPort());
                }
            }
        }

        @Override
        public boolean delete(String id) {
            session.change("delete");
            return id != null && apps.remove(id) != null;
        }

        @Override
        public List<App> listAfter(String afterId, int limit) {
            session.check();
            if (limit < 0) {
                throw InvalidRequestException.of("limit", limit, "must not be negative");
            }
            return (afterId == null ? apps : apps.tailMap(afterId, false)).values().stream().limit(limit).toList();
        }

        @Override
        public List<RecordProblem> problems() {
            session.check();
            return List.of();
        }
    }

    private static final class Leases implements PortLeaseRepository {
        private final Session session;
        private final TreeMap<Integer, PortLease> leases;

        Leases(Session session) {
            this.session = session;
            this.leases = session.state.leases;
        }

        @Override
        public Optional<PortLease> reserveLowestFree(PortRange range, String ownerId, Instant now, Instant expiresAt) {
            session.change("reserveLowestFree");
            for (int port = range.first(); port <= range.last(); port++) {
                PortLease lease = leases.get(port);
                if (lease == null || !lease.isLive(now)) {
                    return Optional.of(put(new PortLease(port, ownerId, LeaseState.RESERVED, now, expiresAt)));
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<PortLease> reserve(int port, String ownerId, Instant now, Instant expiresAt) {
            session.change("reserve");
            PortLease existing = leases.get(port);
            if (existing != null && existing.ownerId().equals(ownerId)) {
                return Optional.of(existing);
            }
            if (existing != null && existing.isLive(now)) {
                return Optional.empty();
            }
            return Optional.of(put(new PortLease(port, ownerId, LeaseState.RESERVED, now, expiresAt)));
        }

        @Override
        public List<PortLease> bind(String ownerId) {
            session.change("bind");
            List<PortLease> bound = new ArrayList<>();
            for (PortLease lease : findByOwner(ownerId)) {
                bound.add(lease.state() == LeaseState.BOUND ? lease
                        : put(new PortLease(lease.port(), ownerId, LeaseState.BOUND, lease.leasedAt(), null)));
            }
            return bound;
        }

        @Override
        public int release(String ownerId) {
            session.change("release");
            int before = leases.size();
            leases.values().removeIf(lease -> lease.ownerId().equals(ownerId));
            return before - leases.size();
        }

        @Override
        public Optional<PortLease> find(int port) {
            session.check();
            return Optional.ofNullable(leases.get(port));
        }

        @Override
        public List<PortLease> findByOwner(String ownerId) {
            session.check();
            return leases.values().stream().filter(lease -> lease.ownerId().equals(ownerId)).toList();
        }

        @Override
        public int countLive(PortRange range, Instant now) {
            session.check();
            return (int) leases.subMap(range.first(), true, range.last(), true).values().stream()
                    .filter(lease -> lease.isLive(now)).count();
        }

        @Override
        public int deleteExpired(Instant now) {
            session.change("deleteExpired");
            int before = leases.size();
            leases.values().removeIf(lease -> !lease.isLive(now));
            return before - leases.size();
        }

        @Override
        public List<PortLease> listAfter(int afterPort, int limit) {
            session.check();
            return leases.tailMap(afterPort, false).values().stream().limit(limit).toList();
        }

        @Override
        public void save(PortLease lease) {
            session.change("save");
            put(lease);
        }

        private PortLease put(PortLease lease) {
            leases.put(lease.port(), lease);
            return lease;
        }
    }

    private static final class Logs implements DeploymentLogRepository {
        private final Session session;
        private final TreeMap<String, List<DeploymentLogEntry>> logs;

        Logs(Session session) {
            this.session = session;
            this.logs = session.state.logs;
        }

        @Override
        public void append(DeploymentLogEntry entry) {
            session.change("append");
            List<DeploymentLogEntry> log = new ArrayList<>(logs.getOrDefault(entry.appId(), List.of()));
            log.add(entry);
            logs.put(entry.appId(), Collections.unmodifiableList(log));
        }

        @Override
        public List<DeploymentLogEntry> forApp(String appId) {
            session.check();
            return logs.getOrDefault(appId, List.of());
        }

        @Override
        public void replaceForApp(String appId, List<DeploymentLogEntry> entries) {
            session.change("replaceForApp");
            for (DeploymentLogEntry entry : entries) {
                if (!appId.equals(entry.appId())) {
                    throw InvalidRequestException.of("appId", entry.appId(), "differs from the log's app '" + appId + "'");
                }
            }
            if (entries.isEmpty()) {
                logs.remove(appId);
            } else {
                logs.put(appId, List.copyOf(entries));
            }
        }

        @Override
        public int deleteForApp(String appId) {
            session.change("deleteForApp");
            List<DeploymentLogEntry> removed = logs.remove(appId);
            return removed == null ? 0 : removed.size();
        }

        @Override
        public List<String> appIdsAfter(String afterAppId, int limit) {
            session.check();
            return (afterAppId == null ? logs : logs.tailMap(afterAppId, false)).keySet().stream().limit(limit).toList();
        }
    }

    private static final class Runs implements MigrationRunRepository {
        private final Session session;
        private final Map<String, MigrationRun> runs;

        Runs(Session session) {
            this.session = session;
            this.runs = session.state.runs;
        }

        @Override
        public void save(MigrationRun run) {
            session.change("save");
            runs.put(run.id(), run);
        }

        @Override
        public Optional<MigrationRun> find(String runId) {
            session.check();
            return Optional.ofNullable(runs.get(runId));
        }

        @Override
        public List<MigrationRun> list() {
            session.check();
            return runs.values().stream()
                    .sorted(Comparator.comparing(MigrationRun::startedAt).reversed().thenComparing(MigrationRun::id)).toList();
        }
    }

    private static final class Settings implements SettingsRepository {
        private final Session session;
        private final TreeMap<String, String> settings;

        Settings(Session session) {
            this.session = session;
            this.settings = session.state.settings;
        }

        @Override
        public Optional<String> get(String key) {
            session.check();
            return Optional.ofNullable(settings.get(key));
        }

        @Override
        public void put(String key, String value) {
            session.change("put");
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        }

        @Override
        public boolean remove(String key) {
            session.change("remove");
            return settings.remove(key) != null;
        }

        @Override
        public Map<String, String> all() {
            session.check();
            return Collections.unmodifiableMap(new TreeMap<>(settings));
        }
    }

    private static final class Inventory implements InventoryRepository {
        private final Session session;
        private final TreeMap<String, InventoryResource> resources;
        private final TreeMap<String, StateChange> snapshots;

        Inventory(Session session) {
            this.session = session;
            this.resources = session.state.inventory;
            this.snapshots = session.state.snapshots;
        }

        @Override
        public List<InventoryResource> all() {
            session.check();
            return List.copyOf(resources.values());
        }

        @Override
        public Optional<InventoryResource> find(String id) {
            session.check();
            return Optional.ofNullable(resources.get(id));
        }

        @Override
        public Page<InventoryResource> find(InventoryQuery query) {
            session.check();
            return page(resources.values().stream().filter(query::matches).toList(), query.page(), query.size());
        }

        @Override
        public void putAll(Collection<InventoryResource> changed) {
            session.change("putAll");
            changed.forEach(resource -> resources.put(resource.id(), resource));
        }

        @Override
        public int deleteAll(Collection<String> ids) {
            session.change("deleteAll");
            return (int) ids.stream().distinct().filter(id -> resources.remove(id) != null).count();
        }

        @Override
        public void appendAll(Collection<StateChange> added) {
            session.change("appendAll");
            added.forEach(snapshot -> snapshots.put(snapshot.id(), snapshot));
        }

        @Override
        public Optional<StateChange> snapshot(String id) {
            session.check();
            return Optional.ofNullable(snapshots.get(id));
        }

        @Override
        public Page<StateChange> history(HistoryQuery query) {
            session.check();
            return page(snapshots.values().stream().filter(query::matches).toList(), query.page(), query.size());
        }

        @Override
        public List<StateChange> snapshotsAfter(String afterId, int limit) {
            session.check();
            return (afterId == null ? snapshots : snapshots.tailMap(afterId, false)).values().stream().limit(limit).toList();
        }

        @Override
        public int deleteSnapshotsBefore(Instant before) {
            session.change("deleteSnapshotsBefore");
            List<String> old = snapshots.values().stream().filter(s -> s.at().isBefore(before)).map(StateChange::id).toList();
            old.forEach(snapshots::remove);
            return old.size();
        }

        private static <T> Page<T> page(List<T> matching, int page, int size) {
            int from = (int) Math.min((long) page * size, matching.size());
            return new Page<>(matching.subList(from, Math.min(from + size, matching.size())), page, size, matching.size());
        }
    }

    private static final class Backups implements BackupRepository {
        private final Session session;
        private final TreeMap<String, AppBackup> backups;

        Backups(Session session) {
            this.session = session;
            this.backups = session.state.backups;
        }

        @Override
        public void put(AppBackup backup) {
            session.change("put");
            backups.put(backup.id(), backup);
        }

        @Override
        public Optional<AppBackup> find(String id) {
            session.check();
            return Optional.ofNullable(backups.get(id));
        }

        @Override
        public List<AppBackup> ofApp(String appId) {
            session.check();
            return backups.values().stream().filter(backup -> backup.appId().equals(appId))
                    .sorted(java.util.Comparator.comparing(AppBackup::createdAt).thenComparing(AppBackup::id)).toList();
        }

        @Override
        public List<AppBackup> after(String afterId, int limit) {
            session.check();
            return (afterId == null ? backups : backups.tailMap(afterId, false)).values().stream().limit(limit).toList();
        }

        @Override
        public boolean delete(String id) {
            session.change("delete");
            return backups.remove(id) != null;
        }
    }
}
