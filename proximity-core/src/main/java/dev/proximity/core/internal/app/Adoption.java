package dev.proximity.core.internal.app;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.app.DiscoveredContainer;
import dev.proximity.api.app.Hostnames;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortRequest;
import dev.proximity.api.store.StoreLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Discover and adopt: containers no installation manages, and taking one under management as an
 * app. Adopting changes only the container's tags and description; a failed adoption sets them
 * back, releases the ports and removes the record, and never touches the container otherwise.
 */
final class Adoption {

    private static final int BATCH = 500;
    private static final String ADOPT = "adopt";
    private static final String INTENT = "intent";
    private static final String MARK = "mark";
    private static final String SETTLE = "settle";
    private static final String UNDO = "undo";

    private final AppContext context;
    private final AddressFinder addresses;
    private final ContainerScan scan;

    Adoption(AppContext context, AddressFinder addresses, ContainerScan scan) {
        this.context = context;
        this.addresses = addresses;
        this.scan = scan;
    }

    List<DiscoveredContainer> discover() {
        return context.operations.run(() -> {
            ContainerScan.Result seen = scan.scan();
            Set<Integer> recorded = recordedVmids();
            return seen.containers().values().stream()
                    .filter(ct -> !InstallationMarker.marksAnyInstallation(ct.tags()) && !recorded.contains(ct.vmid()))
                    .sorted(Comparator.comparingInt(ContainerInfo::vmid))
                    .map(ct -> new DiscoveredContainer(ct.node(), ct.vmid(), ct.name(), ct.state(), ct.tags()))
                    .toList();
        });
    }

    App adopt(AdoptRequest request) {
        return context.operations.run(() -> {
            CatalogEntry entry = context.catalog.find(request.catalogId()).orElseThrow(() -> InvalidRequestException.of(
                    "catalogId", request.catalogId(), "is not in the catalog"));
            ContainerInfo container = locate(request.vmid());
            Map<String, String> config = context.platform.config(container.node(), container.vmid());
            List<String> tags = InstallationMarker.tagsIn(config);
            if (InstallationMarker.marksAnyInstallation(tags)) {
                throw new AlreadyExistsException("managed container", "vmid", request.vmid());
            }
            if (recordedVmids().contains(request.vmid())) {
                throw new AlreadyExistsException("app", "vmid", request.vmid());
            }
            String hostname = request.hostname() != null ? request.hostname() : Hostnames.normalize(container.name());
            String appId = App.idFor(entry.id(), hostname);
            StoreLock lock = context.locks.tryApp(appId).orElseThrow(() -> new AlreadyExistsException("app", "id", appId));
            try (lock) {
                String operationId = Ids.newDeploymentId();
                Journal journal = Journal.beforeIntent(context.journalWriter, context.clock, appId, operationId,
                        context.withListener(DeploymentListener.NONE), context.operations::cancelled);
                journal.info(ADOPT, "adopting CT " + container.vmid() + " on node " + container.node() + " as " + entry.id()
                        + " '" + hostname + "'");
                App app = recordIntent(appId, hostname, entry, container, config, request.ownerId(), journal);
                String description = config.get("description");
                try {
                    journal.step(MARK, () -> context.platform.updateConfig(container.node(), container.vmid(), Map.of(
                            "tags", String.join(";", withMarker(tags)),
                            "description", context.marker.description(appId, operationId)
                                    + (description == null ? "" : "\n" + description))),
                            "tagged CT " + container.vmid() + " " + context.marker.tags() + " and named the app in its description");
                    return journal.step(SETTLE, () -> settle(app, entry, container), settled -> "the app is "
                            + settled.status().wireName() + (settled.url() == null ? "" : " at " + settled.url()));
                } catch (StepFailure failure) {
                    boolean undone = undo(app, tags, description, journal);
                    throw new OperationFailedException(ADOPT, appId, operationId, failure.step(), undone, journal.entries(),
                            failure.failure());
                }
            }
        });
    }

    private App recordIntent(String appId, String hostname, CatalogEntry entry, ContainerInfo container,
                             Map<String, String> config, String ownerId, Journal journal) {
        Instant now = context.clock.instant();
        App app = context.store.write(session -> {
            if (session.apps().get(appId).isPresent()) {
                throw new AlreadyExistsException("app", "id", appId);
            }
            if (session.apps().findByHostname(hostname).isPresent()) {
                throw new AlreadyExistsException("app", "hostname", hostname);
            }
            PortPair ports = context.ports.reserveIn(session, appId, PortRequest.ANY, now);
            session.portLeases().bind(appId);
            Map<String, Object> recorded = new LinkedHashMap<>();
            Resources held = Resources.ofContainer(config);
            recorded.put("cores", held.cores());
            recorded.put("memory", held.memoryMb());
            recorded.put("adopted", true);
            App adopted = session.apps().insert(App.builder().id(appId).catalogId(entry.id()).name(entry.name())
                    .hostname(hostname).status(AppStatus.ADOPTING).vmid(container.vmid()).node(container.node())
                    .publicPort(ports.publicPort()).internalPort(ports.internalPort()).config(recorded).ownerId(ownerId)
                    .createdAt(now).updatedAt(now).stateChangedAt(now).build());
            journal.storePendingIn(session);
            return adopted;
        });
        journal.markStored();
        journal.info(INTENT, "recorded the app as adopting; ports " + app.publicPort() + " (public) and " + app.internalPort()
                + " (internal) leased");
        return app;
    }

    /** The app takes the container's state: running with its address, or stopped. */
    private App settle(App app, CatalogEntry entry, ContainerInfo container) {
        ContainerInfo now = context.platform.status(container.node(), container.vmid()).orElseThrow(() ->
                new NotFoundException("container", Integer.toString(container.vmid())));
        boolean running = now.state() == ContainerState.RUNNING;
        Integer port = entry.ports().isEmpty() ? null : entry.ports().get(0);
        String url = running && port != null ? addresses.current(now.node(), now.vmid())
                .map(ip -> "http://" + ip + ":" + port).orElse(null) : null;
        return context.records.update(app.id(), current -> current.toBuilder().url(url).build()
                .withStatus(running ? AppStatus.RUNNING : AppStatus.STOPPED, context.clock.instant()));
    }

    private boolean undo(App app, List<String> tags, String description, Journal journal) {
        boolean undone = true;
        try {
            Map<String, String> back = new LinkedHashMap<>();
            back.put("tags", String.join(";", tags));
            if (description != null) {
                back.put("description", description);
            }
            context.platform.updateConfig(app.node(), app.vmid(), back);
            if (description == null) {
                context.platform.updateConfig(app.node(), app.vmid(), Map.of("delete", "description"));
            }
            journal.warn(UNDO, "set the tags and description of CT " + app.vmid() + " back");
        } catch (RuntimeException e) {
            undone = false;
            journal.error(UNDO, "could not set CT " + app.vmid() + "'s tags back: " + Journal.describe(e));
        }
        try {
            int released = context.store.write(session -> {
                int leases = session.portLeases().release(app.id());
                session.apps().delete(app.id());
                return leases;
            });
            journal.warn(UNDO, "released " + released + " port lease(s) and removed the record (its log is kept)");
        } catch (RuntimeException e) {
            undone = false;
            journal.error(UNDO, "could not remove the record: " + Journal.describe(e) + "; reconcile will settle it");
        }
        return undone;
    }

    private ContainerInfo locate(int vmid) {
        for (ContainerInfo container : scan.scan().containers().values()) {
            if (container.vmid() == vmid) {
                return container;
            }
        }
        throw new NotFoundException("container on an online node", Integer.toString(vmid));
    }

    private Set<Integer> recordedVmids() {
        Set<Integer> vmids = new HashSet<>();
        String after = null;
        while (true) {
            String from = after;
            List<App> batch = context.store.read(session -> session.apps().listAfter(from, BATCH));
            batch.stream().filter(app -> app.vmid() != null).forEach(app -> vmids.add(app.vmid()));
            if (batch.size() < BATCH) {
                return vmids;
            }
            after = batch.get(batch.size() - 1).id();
        }
    }

    private List<String> withMarker(List<String> tags) {
        List<String> marked = new ArrayList<>(tags);
        context.marker.tags().stream().filter(tag -> marked.stream().noneMatch(tag::equalsIgnoreCase)).forEach(marked::add);
        return marked;
    }
}
