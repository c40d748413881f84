package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortRequest;
import dev.proximity.api.store.StoreLock;
import dev.proximity.core.ContainerDefaults;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static dev.proximity.api.app.DeploymentLogEntry.APP_DEPLOY;
import static dev.proximity.api.app.DeploymentLogEntry.COMPLETE;
import static dev.proximity.api.app.DeploymentLogEntry.DOCKER_SETUP;
import static dev.proximity.api.app.DeploymentLogEntry.HEALTH;
import static dev.proximity.api.app.DeploymentLogEntry.INIT;
import static dev.proximity.api.app.DeploymentLogEntry.INTENT;
import static dev.proximity.api.app.DeploymentLogEntry.LXC_CREATE;
import static dev.proximity.api.app.DeploymentLogEntry.LXC_START;
import static dev.proximity.api.app.DeploymentLogEntry.NODE;
import static dev.proximity.api.app.DeploymentLogEntry.UNDO;
import static dev.proximity.api.app.DeploymentLogEntry.URL;
import static dev.proximity.api.app.DeploymentLogEntry.VMID;

/**
 * The deploy use case: validate, choose the node, reserve ports and record the intent (one
 * transaction), record a vmid, create, start, provision, probe, find the address, mark running.
 * When a step fails, what was done is undone in reverse: the container is destroyed (only if it
 * carries this app's marker), the ports released, and the record removed or kept as error.
 *
 * <p>The intent is recorded before anything exists on Proxmox, and the vmid before the create call,
 * so a crash at any point leaves a record that {@link Reconciler} can finish cleaning up.
 */
final class Deployment {

    private final AppContext context;
    private final AddressFinder addresses;
    private final DeployUndo deployUndo;
    /** vmids this JVM's deploys have recorded but perhaps not created yet; others of this JVM skip them. */
    private final Set<Integer> claimedVmids = ConcurrentHashMap.newKeySet();

    Deployment(AppContext context, AddressFinder addresses, DeployUndo undo) {
        this.context = context;
        this.addresses = addresses;
        this.deployUndo = undo;
    }

    App deploy(DeployRequest request, String deploymentId, DeploymentListener listener) {
        CatalogEntry entry = context.catalog.find(request.catalogId()).orElseThrow(() -> InvalidRequestException.of(
                "catalogId", request.catalogId(), "is not in the catalog; it offers " + context.catalog.entries().stream()
                        .map(CatalogEntry::id).collect(Collectors.joining(", "))));
        Resources resources = Resources.of(entry, request.config());
        Map<String, String> environment = Environment.merge(entry, request.environment());
        String appId = request.appId();
        refuseTaken(appId, request.hostname());
        // Whoever holds the app's lock is deploying or changing an app with this id: it exists.
        StoreLock lock = context.locks.tryApp(appId).orElseThrow(() -> new AlreadyExistsException("app", "id", appId));
        try (lock) {
            Journal journal = Journal.beforeIntent(context.journalWriter, context.clock, appId, deploymentId,
                    context.withListener(listener), context.operations::cancelled);
            journal.info(INIT, "deploying " + entry.id() + " " + entry.version() + " as '" + request.hostname() + "' ("
                    + resources + ", deployment " + deploymentId + ")");
            NodeInfo node;
            try {
                node = journal.step(NODE, () -> context.nodes.choose(request.node()),
                        chosen -> "chose node " + chosen.name() + (request.node() == null
                                ? " (online, most free memory: " + (chosen.memFree() >> 20) + " MB)" : " (requested)"));
            } catch (StepFailure failure) {
                if (failure.failure() instanceof InvalidRequestException invalid) {
                    throw invalid;
                }
                throw new DeploymentFailedException(appId, deploymentId, NODE, true, journal.entries(), failure.failure());
            }
            Intent intent = recordIntent(request, entry, resources, environment, node, journal);
            return new Attempt(intent, entry, resources, journal).run();
        }
    }

    private void refuseTaken(String appId, String hostname) {
        context.store.read(session -> {
            if (session.apps().get(appId).isPresent()) {
                throw new AlreadyExistsException("app", "id", appId);
            }
            if (session.apps().findByHostname(hostname).isPresent()) {
                throw new AlreadyExistsException("app", "hostname", hostname);
            }
            return null;
        });
    }

    /** The app as recorded before anything exists on Proxmox, and the stack it will run. */
    private record Intent(App app, PortPair ports, ComposeStack stack, NodeInfo node) {
    }

    /**
     * One transaction: ports reserved (and bound: the record that owns them is stored with them),
     * the app stored as {@code deploying}, and the entries logged so far. Either all of it or none.
     */
    private Intent recordIntent(DeployRequest request, CatalogEntry entry, Resources resources,
                                Map<String, String> environment, NodeInfo node, Journal journal) {
        String appId = request.appId();
        Instant now = context.clock.instant();
        Intent intent = context.store.write(session -> {
            if (session.apps().get(appId).isPresent()) {
                throw new AlreadyExistsException("app", "id", appId);
            }
            if (session.apps().findByHostname(request.hostname()).isPresent()) {
                throw new AlreadyExistsException("app", "hostname", request.hostname());
            }
            PortPair ports = context.ports.reserveIn(session, appId,
                    new PortRequest(request.publicPort(), request.internalPort()), now);
            session.portLeases().bind(appId);
            ComposeStack stack = ComposeStack.of(entry, appId, ports.internalPort(), context.settings.appDirectoryOn(node.name()));
            Map<String, Object> config = new LinkedHashMap<>(request.config());
            config.put("cores", resources.cores());
            config.put("memory", resources.memoryMb());
            App app = session.apps().insert(App.builder().id(appId).catalogId(entry.id()).name(entry.name())
                    .hostname(request.hostname()).status(AppStatus.DEPLOYING).node(node.name())
                    .publicPort(ports.publicPort()).internalPort(ports.internalPort()).config(config)
                    .ports(stack.ports()).volumes(stack.volumes()).environment(environment).ownerId(request.ownerId())
                    .createdAt(now).updatedAt(now).stateChangedAt(now).build());
            journal.storePendingIn(session);
            return new Intent(app, ports, stack, node);
        });
        journal.markStored();
        journal.info(INTENT, "recorded the intent; ports " + intent.ports().publicPort() + " (public) and "
                + intent.ports().internalPort() + " (internal) reserved");
        return intent;
    }

    /** The steps after the intent, each undone in reverse if a later one fails. */
    private final class Attempt {
        private final Intent intent;
        private final CatalogEntry entry;
        private final Resources resources;
        private final Journal journal;
        private final String appId;
        private final String node;
        /** vmids this attempt put in {@link #claimedVmids}; given back when it ends. */
        private final Set<Integer> claims = new java.util.HashSet<>();

        Attempt(Intent intent, CatalogEntry entry, Resources resources, Journal journal) {
            this.intent = intent;
            this.entry = entry;
            this.resources = resources;
            this.journal = journal;
            this.appId = intent.app().id();
            this.node = intent.node().name();
        }

        App run() {
            try {
                int recorded = journal.step(VMID, () -> recordVmid(context.platform.nextFreeVmid()), id -> "recorded vmid " + id);
                int vmid = journal.step(LXC_CREATE, () -> create(recorded), id -> "created CT " + id + " on node " + node
                        + " from " + context.settings.container().osTemplate());
                journal.step(LXC_START, () -> context.platform.start(node, vmid), "started CT " + vmid);
                journal.step(DOCKER_SETUP, () -> context.provisioner.ensureDocker(node, vmid), done -> done);
                journal.step(APP_DEPLOY, () -> context.provisioner.writeAndStart(node, vmid, appId, intent.stack(),
                        intent.app().environment()), "docker compose up -d in " + context.provisioner.directory(node, appId) + " (project "
                        + StackProvisioner.projectName(appId) + ")");
                Integer port = intent.stack().probePort();
                if (port != null) {
                    journal.step(HEALTH, () -> context.provisioner.awaitAnswer(node, vmid, port, context.operations::cancelled),
                            probes -> "port " + port + " answers (" + probes + (probes == 1 ? " probe)" : " probes)"));
                }
                String url = journal.step(URL, () -> addresses.url(node, vmid, port), found -> found == null
                        ? "no port to publish; the container has an address" : "the app answers at " + found);
                App running = context.records.update(appId, app -> app.toBuilder().vmid(vmid).url(url).build()
                        .withStatus(AppStatus.RUNNING, context.clock.instant()));
                journal.info(COMPLETE, "running" + (url == null ? "" : " at " + url));
                return running;
            } catch (StepFailure failure) {
                boolean undone = undo(failure);
                throw new DeploymentFailedException(appId, journal.deploymentId(), failure.step(), undone, journal.entries(),
                        failure.failure());
            } catch (RuntimeException unexpected) {
                // the store failed outside a step (e.g. the final status write): undo as for a failed step
                StepFailure failure = new StepFailure(COMPLETE, unexpected);
                journal.error(COMPLETE, Journal.describe(unexpected));
                boolean undone = undo(failure);
                throw new DeploymentFailedException(appId, journal.deploymentId(), COMPLETE, undone, journal.entries(), unexpected);
            } finally {
                claimedVmids.removeAll(claims);
            }
        }

        /**
         * Stores a vmid on the record before the create call; a vmid another app holds (another
         * deploy got the same {@code nextid}) is skipped for the next one Proxmox calls free.
         */
        private int recordVmid(int first) {
            int candidate = first;
            for (int attempt = 1; ; attempt++) {
                candidate = skipClaimed(candidate);
                if (claimedVmids.add(candidate)) {
                    int chosen = candidate;
                    claims.add(chosen);
                    try {
                        context.records.update(appId, app -> app.toBuilder().vmid(chosen).build());
                        return chosen;
                    } catch (AlreadyExistsException taken) {
                        claimedVmids.remove(chosen);
                        claims.remove(chosen);
                        if (!"vmid".equals(taken.field()) || attempt >= context.settings.vmidAttempts()) {
                            throw taken;
                        }
                    }
                }
                candidate = nextFree(candidate + 1);
            }
        }

        private int skipClaimed(int candidate) {
            int id = candidate;
            while (claimedVmids.contains(id)) {
                id = nextFree(id + 1);
            }
            return id;
        }

        private int nextFree(int from) {
            int id = from;
            for (int probes = 0; probes < context.settings.vmidAttempts() * 10; probes++, id++) {
                if (!claimedVmids.contains(id) && context.platform.isVmidFree(id)) {
                    return id;
                }
            }
            throw new PlatformException("GET /cluster/nextid", "no free vmid found from " + from, null);
        }

        /** Creates the container; when another creator took the vmid first, records another and tries again. */
        private int create(int recorded) {
            int vmid = recorded;
            for (int attempt = 1; ; attempt++) {
                try {
                    context.platform.createContainer(node, spec(vmid));
                    return vmid;
                } catch (VmidTakenException taken) {
                    if (attempt >= context.settings.vmidAttempts()) {
                        throw taken;
                    }
                    journal.warn(LXC_CREATE, "vmid " + vmid + " was taken by another creator; recording another");
                    vmid = recordVmid(nextFree(vmid + 1));
                }
            }
        }

        private ContainerSpec spec(int vmid) {
            ContainerDefaults defaults = context.settings.container();
            return new ContainerSpec(vmid, intent.app().hostname(), defaults.osTemplate(), resources.cores(),
                    resources.memoryMb(), defaults.swapMb(), defaults.storage() + ":" + defaults.diskGb(),
                    "name=eth0,bridge=" + defaults.bridge() + ",ip=dhcp", "nesting=1", defaults.unprivileged(), null, null,
                    false, context.marker.description(appId, journal.deploymentId()), context.marker.tags());
        }

        private boolean undo(StepFailure failure) {
            journal.warn(UNDO, "undoing the deploy after step " + failure.step() + " failed");
            return deployUndo.undo(appId, journal);
        }
    }
}
