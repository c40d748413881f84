package dev.proximity.core;

import dev.proximity.api.app.AppService;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.inventory.InventoryService;
import dev.proximity.api.platform.ClusterReader;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.GuestExec;
import dev.proximity.api.port.PortManager;
import dev.proximity.api.port.PortPolicy;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.Stores;
import dev.proximity.core.internal.app.AppSettings;
import dev.proximity.core.internal.app.DefaultAppService;
import dev.proximity.core.internal.inventory.DefaultInventoryService;
import dev.proximity.core.internal.inventory.InventorySettings;
import dev.proximity.core.internal.port.LeasingPortManager;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One wired Proximity instance: the entry point of the library. Build it, use its services, close it.
 *
 * <pre>{@code
 * try (Proximity proximity = Proximity.builder()
 *         .store("jdbc:sqlite:data/proximity.db")
 *         .platform(ProxmoxContainerPlatform.connect(config))
 *         .guestExec(pctExec)
 *         .catalog(JsonCatalog.load(Path.of("catalog")))
 *         .build()) {
 *     App app = proximity.apps().deploy(DeployRequest.of("nginx", "web"));
 * }
 * }</pre>
 *
 * <p>Closing waits for operations under way (deploys included) to finish; those that outlast the
 * close timeout are cancelled and undone, so no half-made container is left behind.
 */
public final class Proximity implements AutoCloseable {

    private static final Pattern INSTALLATION_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,31}");

    private final ProximityStore store;
    private final boolean ownsStore;
    private final LeasingPortManager ports;
    private final DefaultAppService apps;
    private final DefaultInventoryService inventory;
    private final Duration closeGraceful;
    private final Duration closeUndo;

    private Proximity(Builder builder) {
        PortPolicy policy = new PortPolicy(builder.publicRange, builder.internalRange, builder.reservationTimeout);
        AppSettings settings = builder.settings();
        this.ownsStore = builder.store == null;
        this.store = ownsStore ? Stores.open(builder.storeUrl) : builder.store;
        this.ports = new LeasingPortManager(store, policy, builder.clock);
        this.closeGraceful = builder.closeGraceful;
        this.closeUndo = builder.closeUndo;
        ClusterReader cluster = builder.cluster != null ? builder.cluster
                : builder.platform instanceof ClusterReader reader ? reader : null;
        String installationId = null;
        if (builder.platform != null || cluster != null) {
            try {
                installationId = installationId(builder.installationId);
            } catch (RuntimeException e) {
                if (ownsStore) {
                    store.close();
                }
                throw e;
            }
        }
        this.inventory = cluster == null ? null : new DefaultInventoryService(store, cluster, builder.clock,
                builder.inventorySettings(), installationId);
        if (builder.platform != null) {
            this.apps = new DefaultAppService(store, builder.platform, builder.guestExec, builder.catalog, ports, builder.clock,
                    settings, installationId, builder.listeners, builder.deployThreads, builder.deployQueue,
                    inventory == null ? null : inventory.scan());
        } else {
            this.apps = null;
        }
    }

    /** The installation id lives in the store, so every process sharing it marks containers alike. */
    private String installationId(String configured) {
        String wanted = configured != null ? configured : HexFormat.of().formatHex(new SecureRandom().generateSeed(5));
        String stored = store.write(session -> session.settings().putIfAbsent(SettingsRepository.INSTALLATION_ID, wanted));
        if (configured != null && !configured.equals(stored)) {
            throw InvalidRequestException.of("installationId", configured, "differs from the id this store already belongs to ('"
                    + stored + "'); leave it unset to use the stored one");
        }
        return stored;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port manager */
    public PortManager ports() {
        return ports;
    }

    /**
     * @return the app use cases
     * @throws IllegalStateException when the builder was given no platform
     */
    public AppService apps() {
        if (apps == null) {
            throw new IllegalStateException("apps() needs a container platform, a guest exec and a catalog: "
                    + "set them with Proximity.builder().platform(..).guestExec(..).catalog(..)");
        }
        return apps;
    }

    /**
     * @return snapshots of apps' containers: create, list, roll back, delete
     * @throws IllegalStateException when the builder was given no platform
     */
    public AppSnapshots snapshots() {
        apps();
        return apps.snapshots();
    }

    /**
     * @return backups of apps' containers: create, list, delete, restore (over the app or as a new app)
     * @throws IllegalStateException when the builder was given no platform
     */
    public AppBackups backups() {
        apps();
        return apps.backups();
    }

    /**
     * @return the cluster inventory: sync, queries, history, desired versus actual
     * @throws IllegalStateException when the builder was given no cluster reader (a Proxmox platform is one)
     */
    public InventoryService inventory() {
        if (inventory == null) {
            throw new IllegalStateException("inventory() needs a cluster reader: give Proximity.builder() a platform that "
                    + "reads the cluster (ProxmoxContainerPlatform does) or set one with .cluster(..)");
        }
        return inventory;
    }

    /**
     * @return the id that marks this installation's containers (kept in the store)
     * @throws IllegalStateException when the builder was given no platform
     */
    public String installationId() {
        apps();
        return apps.installationId();
    }

    /** @return the store this instance uses */
    public ProximityStore store() {
        return store;
    }

    /**
     * Waits for operations under way, cancels and undoes those that outlast the close timeout, then
     * closes the store if this instance opened it from a URL. The platform, guest exec and catalog
     * belong to the caller, who closes them.
     */
    @Override
    public void close() {
        try {
            if (inventory != null) {
                inventory.close();
            }
            if (apps != null) {
                apps.close(closeGraceful, closeUndo);
            }
        } finally {
            if (ownsStore) {
                store.close();
            }
        }
    }

    /** Configures and validates a {@link Proximity}; every setting has a sensible default except the store. */
    public static final class Builder {
        private final AppSettings defaults = AppSettings.defaults();
        private ProximityStore store;
        private String storeUrl;
        private PortRange publicRange = PortPolicy.DEFAULT_PUBLIC;
        private PortRange internalRange = PortPolicy.DEFAULT_INTERNAL;
        private Duration reservationTimeout = PortPolicy.DEFAULT_RESERVATION_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private ContainerPlatform platform;
        private GuestExec guestExec;
        private Catalog catalog;
        private String installationId;
        private ContainerDefaults container = defaults.container();
        private String appDirectory = defaults.appDirectory();
        private FailedDeployPolicy failedDeployPolicy = defaults.failedDeployPolicy();
        private OrphanPolicy orphanPolicy = defaults.orphanPolicy();
        private Duration dockerInstallTimeout = defaults.dockerInstallTimeout();
        private Duration commandTimeout = defaults.commandTimeout();
        private Duration healthTimeout = defaults.healthTimeout();
        private Duration pollInterval = defaults.pollInterval();
        private Duration addressTimeout = defaults.addressTimeout();
        private Duration stopTimeout = defaults.stopTimeout();
        private Duration lockWait = defaults.lockWait();
        private String backupStorage = defaults.backupStorage();
        private final Map<String, String> nodeAppDirectories = new java.util.LinkedHashMap<>();
        private Duration backupLockWait = defaults.backupLockWait();
        private Duration reconcileLockWait = defaults.reconcileLockWait();
        private Duration stuckAfter = defaults.stuckAfter();
        private Duration logRetention = defaults.logRetention();
        private int vmidAttempts = defaults.vmidAttempts();
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private int deployThreads = 4;
        private int deployQueue = 64;
        private Duration closeGraceful = Duration.ofMinutes(10);
        private Duration closeUndo = Duration.ofMinutes(2);
        private ClusterReader cluster;
        private final InventorySettings inventoryDefaults = InventorySettings.defaults();
        private Duration inventoryRetention = inventoryDefaults.retention();
        private Duration inventoryLockWait = inventoryDefaults.lockWait();
        private int inventoryTaskLimit = inventoryDefaults.taskLimit();
        private Duration inventoryInterval;
        private Duration inventoryMetricsRefresh = inventoryDefaults.metricsRefresh();

        private Builder() {
        }

        /**
         * Uses a store the caller opened (and closes).
         *
         * @param value the store
         * @return this
         */
        public Builder store(ProximityStore value) {
            store = Objects.requireNonNull(value, "store");
            storeUrl = null;
            return this;
        }

        /**
         * Opens a store by URL ({@code json:...}, {@code jdbc:sqlite:...}, {@code jdbc:postgresql:...})
         * when {@link #build()} runs; the instance closes it.
         *
         * @param url the store URL
         * @return this
         */
        public Builder store(String url) {
            storeUrl = Objects.requireNonNull(url, "url");
            store = null;
            return this;
        }

        /** @param range public port range, e.g. {@code 8100-8999} @return this */
        public Builder publicPorts(String range) {
            publicRange = PortRange.parse(range);
            return this;
        }

        /** @param range internal port range, e.g. {@code 9100-9999} @return this */
        public Builder internalPorts(String range) {
            internalRange = PortRange.parse(range);
            return this;
        }

        /** @param timeout how long an unbound reservation lives @return this */
        public Builder reservationTimeout(Duration timeout) {
            reservationTimeout = Objects.requireNonNull(timeout, "reservationTimeout");
            return this;
        }

        /** @param value the time source @return this */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the container platform (Proxmox); needed by {@link Proximity#apps()}; the caller closes it
         * @return this
         */
        public Builder platform(ContainerPlatform value) {
            platform = Objects.requireNonNull(value, "platform");
            return this;
        }

        /**
         * @param value runs commands inside containers ({@code pct exec} over SSH); the caller closes it
         * @return this
         */
        public Builder guestExec(GuestExec value) {
            guestExec = Objects.requireNonNull(value, "guestExec");
            return this;
        }

        /** @param value where catalog entries come from @return this */
        public Builder catalog(Catalog value) {
            catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /**
         * Fixes the installation id instead of generating one at the first start and keeping it in
         * the store. Containers carry it as the tag {@code proximity-ID}; installations sharing a
         * cluster never touch each other's containers.
         *
         * @param value 3 to 32 lower-case letters, digits or '-'
         * @return this
         */
        public Builder installationId(String value) {
            if (value == null || !INSTALLATION_ID.matcher(value).matches()) {
                throw InvalidRequestException.of("installationId", value, "must be 3 to 32 lower-case letters, digits or '-'");
            }
            installationId = value;
            return this;
        }

        /** @param value template, storage, disk, bridge, privilege and swap of new containers @return this */
        public Builder containerDefaults(ContainerDefaults value) {
            container = Objects.requireNonNull(value, "containerDefaults");
            return this;
        }

        /**
         * @param storage the Proxmox storage backups go to unless a request names one (default {@code local});
         *                it must hold backups ({@code content} includes {@code backup})
         * @return this
         */
        public Builder backupStorage(String storage) {
            if (storage == null || !storage.matches("[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]")) {
                throw InvalidRequestException.of("backupStorage", storage, "must be a Proxmox storage id like local");
            }
            backupStorage = storage;
            return this;
        }

        /**
         * @param value how long a backup waits while another backup runs on its node (vzdump runs one per node;
         *              default 10 min; counted in whole minutes, as vzdump does)
         * @return this
         */
        public Builder backupLockWait(Duration value) {
            backupLockWait = Objects.requireNonNull(value, "backupLockWait");
            return this;
        }

        /** @param path where stacks live inside containers (default {@code /opt/proximity}) @return this */
        public Builder appDirectory(String path) {
            if (path == null || !path.matches("/[A-Za-z0-9._/-]*[A-Za-z0-9._-]")) {
                throw InvalidRequestException.of("appDirectory", path, "must be an absolute path without spaces or a trailing '/'");
            }
            appDirectory = path;
            return this;
        }

        /**
         * Where stacks live inside containers on a node that keeps app data under another base path
         * (a mount point of that node's data storage, say). Moving an app between nodes whose
         * directories differ moves its stack directory and rewrites its bind mounts.
         *
         * @param node a node
         * @param path an absolute path without spaces or a trailing '/'
         * @return this
         */
        public Builder appDirectory(String node, String path) {
            if (node == null || node.isBlank()) {
                throw InvalidRequestException.of("node", node, "is required");
            }
            if (path == null || !path.matches("/[A-Za-z0-9._/-]*[A-Za-z0-9._-]")) {
                throw InvalidRequestException.of("appDirectory", path, "must be an absolute path without spaces or a trailing '/'");
            }
            nodeAppDirectories.put(node, path);
            return this;
        }

        /** @param value what becomes of a failed deploy's record (default: removed) @return this */
        public Builder failedDeployPolicy(FailedDeployPolicy value) {
            failedDeployPolicy = Objects.requireNonNull(value, "failedDeployPolicy");
            return this;
        }

        /** @param value what reconcile does with orphan containers (default: destroy) @return this */
        public Builder orphanPolicy(OrphanPolicy value) {
            orphanPolicy = Objects.requireNonNull(value, "orphanPolicy");
            return this;
        }

        /** @param value how long installing Docker may take (default 15 min) @return this */
        public Builder dockerInstallTimeout(Duration value) {
            dockerInstallTimeout = value;
            return this;
        }

        /** @param value how long one compose command may take (default 10 min) @return this */
        public Builder commandTimeout(Duration value) {
            commandTimeout = value;
            return this;
        }

        /** @param value how long an app may take to answer on its port (default 3 min) @return this */
        public Builder healthTimeout(Duration value) {
            healthTimeout = value;
            return this;
        }

        /** @param value the pause between polls of a port, an address or a lock (default 1 s) @return this */
        public Builder pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        /** @param value how long a started container may take to get an address (default 1 min) @return this */
        public Builder addressTimeout(Duration value) {
            addressTimeout = value;
            return this;
        }

        /** @param value how long a clean shutdown may take before it turns hard (default 1 min) @return this */
        public Builder stopTimeout(Duration value) {
            stopTimeout = value;
            return this;
        }

        /** @param value how long an action waits for another on the same app (default 30 s) @return this */
        public Builder actionLockWait(Duration value) {
            lockWait = value;
            return this;
        }

        /** @param value how long reconcile waits for a pass another process runs (default 5 min) @return this */
        public Builder reconcileLockWait(Duration value) {
            reconcileLockWait = value;
            return this;
        }

        /** @param value how long a transitional status may last before reconcile resolves it (default 15 min) @return this */
        public Builder stuckAfter(Duration value) {
            stuckAfter = value;
            return this;
        }

        /**
         * Reads the cluster for the inventory; by default the platform, when it can (the Proxmox platform can).
         *
         * @param value the cluster reader
         * @return this
         */
        public Builder cluster(ClusterReader value) {
            cluster = Objects.requireNonNull(value, "cluster");
            return this;
        }

        /**
         * Syncs the inventory periodically while the instance is open (default: only when asked).
         *
         * @param value the time between the end of one sync and the start of the next
         * @return this
         */
        public Builder inventoryInterval(Duration value) {
            inventoryInterval = value;
            return this;
        }

        /** @param value how long inventory snapshots and finished tasks are kept (default 90 days) @return this */
        public Builder inventoryRetention(Duration value) {
            inventoryRetention = value;
            return this;
        }

        /** @param value how long a sync waits for another process's sync (default 60 s) @return this */
        public Builder inventoryLockWait(Duration value) {
            inventoryLockWait = value;
            return this;
        }

        /**
         * How often a resource whose state did not change gets its volatile counters (cpu, memory in use,
         * uptime, traffic) stored: counters move on every read, so storing them each sync would make every
         * sync write every row.
         *
         * @param value at most once per this, per resource (default 5 min; zero: every sync)
         * @return this
         */
        public Builder inventoryMetricsRefresh(Duration value) {
            inventoryMetricsRefresh = value;
            return this;
        }

        /** @param value how many recent tasks a sync reads per node (default 500) @return this */
        public Builder inventoryTaskLimit(int value) {
            inventoryTaskLimit = value;
            return this;
        }

        private InventorySettings inventorySettings() {
            try {
                return new InventorySettings(inventoryRetention, inventoryLockWait, inventoryTaskLimit, inventoryInterval,
                        inventoryMetricsRefresh);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw InvalidRequestException.of("inventory", null, String.valueOf(e.getMessage()));
            }
        }

        /** @param value how long logs of removed apps are kept; zero removes them with the app (default 30 days) @return this */
        public Builder logRetention(Duration value) {
            logRetention = value;
            return this;
        }

        /** @param value how many vmids a deploy tries when concurrent creators take them (default 10) @return this */
        public Builder vmidAttempts(int value) {
            vmidAttempts = value;
            return this;
        }

        /** @param value told of every step of every operation @return this */
        public Builder listener(DeploymentListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * @param threads how many asynchronous deploys run at once (default 4)
         * @param queue how many more may wait (default 64); beyond that {@code deployAsync} refuses
         * @return this
         */
        public Builder deployExecutor(int threads, int queue) {
            if (threads < 1 || queue < 0) {
                throw InvalidRequestException.of("deployExecutor", threads + "/" + queue, "needs at least 1 thread and a queue of 0 or more");
            }
            deployThreads = threads;
            deployQueue = queue;
            return this;
        }

        /**
         * @param graceful how long {@link Proximity#close()} lets operations finish (default 10 min)
         * @param undo how long cancelled operations then get to undo what they did (default 2 min)
         * @return this
         */
        public Builder closeTimeout(Duration graceful, Duration undo) {
            closeGraceful = Objects.requireNonNull(graceful, "graceful");
            closeUndo = Objects.requireNonNull(undo, "undo");
            return this;
        }

        private AppSettings settings() {
            try {
                return new AppSettings(container, appDirectory, failedDeployPolicy, orphanPolicy, dockerInstallTimeout,
                        commandTimeout, healthTimeout, pollInterval, addressTimeout, stopTimeout, lockWait, reconcileLockWait,
                        stuckAfter, logRetention, vmidAttempts, backupStorage, backupLockWait, nodeAppDirectories);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw InvalidRequestException.of("settings", null, e.getMessage());
            }
        }

        /**
         * Validates every setting, then opens the store if a URL was given.
         *
         * @return the wired instance
         * @throws InvalidRequestException when a setting is invalid (e.g. overlapping port ranges), no store was
         *         given, or a platform was given without a guest exec and a catalog
         */
        public Proximity build() {
            if (store == null && storeUrl == null) {
                throw InvalidRequestException.of("store", null, "is required: pass a store or a store URL");
            }
            if (platform != null && (guestExec == null || catalog == null)) {
                throw InvalidRequestException.of(guestExec == null ? "guestExec" : "catalog", null,
                        "is required with a platform: apps are provisioned through guest exec from catalog entries");
            }
            new PortPolicy(publicRange, internalRange, reservationTimeout);
            settings();
            inventorySettings();
            return new Proximity(this);
        }
    }
}
