package dev.proximity.core.internal.app;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentAttempt;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.DiscoveredContainer;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.PendingDeployment;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.GuestExec;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.internal.port.LeasingPortManager;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AppService} over the use-case classes: {@link Deployment}, {@link ContainerActions},
 * {@link AppRemoval} and {@link Reconciler}. Internal: built by {@code Proximity}.
 */
public final class DefaultAppService implements AppService, AutoCloseable {

    private final AppContext context;
    private final Deployment deployment;
    private final ContainerActions actions;
    private final SnapshotActions snapshots;
    private final Resizing resizing;
    private final Adoption adoption;
    private final Moving moving;
    private final Cloning cloning;
    private final BackupActions backups;
    private final Updating updating;
    private final AppRemoval removal;
    private final Reconciler reconciler;
    private final ThreadPoolExecutor deployExecutor;

    /**
     * @param store the store
     * @param platform the container platform
     * @param guest commands inside containers
     * @param catalog the catalog
     * @param ports port leasing
     * @param clock the time source
     * @param settings the settings
     * @param installationId this installation's id (marks its containers)
     * @param listeners told of every step of every operation
     * @param deployThreads how many asynchronous deploys run at once
     * @param deployQueue how many more may wait
     * @param scan how reconcile reads the cluster, or null for one container list per node
     */
    public DefaultAppService(ProximityStore store, ContainerPlatform platform, GuestExec guest, Catalog catalog,
                             LeasingPortManager ports, Clock clock, AppSettings settings, String installationId,
                             List<DeploymentListener> listeners, int deployThreads, int deployQueue, ContainerScan scan) {
        this.context = new AppContext(store, platform, guest, catalog, ports, clock, settings, installationId, listeners);
        AddressFinder addresses = new AddressFinder(platform, settings.addressTimeout(), settings.pollInterval());
        DeployUndo undo = new DeployUndo(context);
        this.deployment = new Deployment(context, addresses, undo);
        this.actions = new ContainerActions(context, addresses);
        Archives archives = new Archives(context);
        TemporarySnapshots temporary = new TemporarySnapshots(context);
        StackRebase rebases = new StackRebase(context);
        this.snapshots = new SnapshotActions(context, actions);
        this.resizing = new Resizing(context, actions);
        this.moving = new Moving(context, actions, rebases);
        this.cloning = new Cloning(context, addresses, undo, archives, temporary);
        this.backups = new BackupActions(context, actions, archives, cloning);
        this.updating = new Updating(context, actions, archives, temporary);
        this.removal = new AppRemoval(context, archives);
        ContainerScan clusterScan = scan != null ? scan : new PlatformScan(platform);
        this.reconciler = new Reconciler(context, addresses, removal, undo, clusterScan, archives, temporary, rebases);
        this.adoption = new Adoption(context, addresses, clusterScan);
        AtomicInteger threads = new AtomicInteger();
        this.deployExecutor = new ThreadPoolExecutor(deployThreads, deployThreads, 30, TimeUnit.SECONDS,
                deployQueue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(deployQueue), runnable -> {
                    Thread thread = new Thread(runnable, "proximity-deploy-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        deployExecutor.allowCoreThreadTimeOut(true);
    }

    @Override
    public App deploy(DeployRequest request, DeploymentListener listener) {
        Objects.requireNonNull(request, "request");
        return context.operations.run(() -> deployment.deploy(request, Ids.newDeploymentId(), listener));
    }

    @Override
    public PendingDeployment deployAsync(DeployRequest request, DeploymentListener listener) {
        Objects.requireNonNull(request, "request");
        String deploymentId = Ids.newDeploymentId();
        CompletableFuture<App> result = new CompletableFuture<>();
        context.operations.enter();
        try {
            deployExecutor.execute(() -> {
                App app = null;
                Throwable failure = null;
                try {
                    app = deployment.deploy(request, deploymentId, listener);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    context.journalWriter.flush(Duration.ofSeconds(30));
                    context.operations.exit();
                }
                if (failure == null) {
                    result.complete(app);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException full) {
            context.operations.exit();
            throw new RejectedExecutionException("cannot queue the deploy of '" + request.appId() + "': "
                    + deployExecutor.getActiveCount() + " deploys run and " + deployExecutor.getQueue().size()
                    + " wait; retry later", full);
        }
        return new PendingDeployment(request.appId(), deploymentId, result);
    }

    @Override
    public App get(String appId) {
        return context.records.get(appId);
    }

    @Override
    public Page<App> find(AppQuery query) {
        Objects.requireNonNull(query, "query");
        return context.store.read(session -> session.apps().find(query));
    }

    @Override
    public App start(String appId) {
        return actions.start(appId);
    }

    @Override
    public App stop(String appId, boolean force) {
        return actions.stop(appId, force);
    }

    @Override
    public App restart(String appId) {
        return actions.restart(appId);
    }

    @Override
    public DeleteResult delete(String appId) {
        return removal.delete(appId);
    }

    @Override
    public List<DeploymentLogEntry> logs(String appId) {
        List<DeploymentAttempt> attempts = context.records.attempts(appId);
        if (attempts.isEmpty()) {
            if (context.records.find(appId).isPresent()) {
                return List.of();
            }
            throw new NotFoundException("app or deployment log", appId);
        }
        String current = context.records.lastDeploymentId(appId).orElse(null);
        return attempts.stream().filter(attempt -> Objects.equals(attempt.deploymentId(), current))
                .findFirst().map(DeploymentAttempt::entries).orElse(List.of());
    }

    @Override
    public List<DeploymentAttempt> history(String appId) {
        return context.records.attempts(appId);
    }

    @Override
    public App resize(String appId, ResizeRequest request) {
        return resizing.resize(appId, request);
    }

    @Override
    public App update(String appId) {
        return updating.update(appId);
    }

    @Override
    public App clone(String appId, String hostname) {
        return cloning.clone(appId, hostname);
    }

    @Override
    public App move(String appId, String targetNode) {
        return moving.move(appId, targetNode);
    }

    @Override
    public List<DiscoveredContainer> discover() {
        return adoption.discover();
    }

    @Override
    public App adopt(AdoptRequest request) {
        Objects.requireNonNull(request, "request");
        return adoption.adopt(request);
    }

    @Override
    public ReconcileReport reconcile() {
        return reconciler.reconcile();
    }

    /** @return the snapshot use cases, sharing this service's locks, journal and operations */
    public AppSnapshots snapshots() {
        return snapshots;
    }

    /** @return the backup use cases, sharing this service's locks, journal and operations */
    public AppBackups backups() {
        return backups;
    }

    /** @return the id that marks this installation's containers */
    public String installationId() {
        return context.marker.installationId();
    }

    /**
     * Refuses new operations, lets running ones finish for {@code graceful}, then asks the rest to
     * cancel and undo what they did, and waits {@code undo} for that.
     *
     * @param graceful how long running operations may take on their own
     * @param undo how long cancelled ones may take to undo
     * @return whether every operation ended
     */
    public boolean close(Duration graceful, Duration undo) {
        deployExecutor.shutdown();
        boolean ended = context.operations.close(graceful, undo);
        if (ended) {
            deployExecutor.shutdownNow();
        }
        context.journalWriter.close();
        return ended;
    }

    /** Closes with the defaults: ten minutes to finish, two more to undo. */
    @Override
    public void close() {
        close(Duration.ofMinutes(10), Duration.ofMinutes(2));
    }
}
