package dev.proximity.samples.support;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.SimulatedContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must always hold between a store and the cluster once nothing is running: no container
 * without a record, no port without an app, no app stuck, every status true to the simulator.
 */
public final class Invariants {

    private Invariants() {
    }

    /**
     * @param store the installation's store
     * @param pve the simulator
     * @param installationId the installation's id
     */
    public static void assertConsistent(ProximityStore store, ProxmoxSimulator pve, String installationId) {
        List<App> apps = store.read((StoreSession s) -> s.apps().listAfter(null, 100_000));
        List<PortLease> leases = store.read((StoreSession s) -> s.portLeases().listAfter(0, 100_000));
        Map<String, App> byId = apps.stream().collect(Collectors.toMap(App::id, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (SimulatedContainer container : pve.containers()) {
            if (!container.tags().contains("proximity-" + installationId)) {
                continue;
            }
            Optional<App> owner = apps.stream().filter(app -> Integer.valueOf(container.vmid()).equals(app.vmid())).findFirst();
            if (owner.isEmpty()) {
                problems.add("CT " + container.vmid() + " (" + container.hostname() + ") carries the marker but no record explains it");
            }
        }
        for (PortLease lease : leases) {
            if (!byId.containsKey(lease.ownerId())) {
                problems.add("port " + lease.port() + " is leased to '" + lease.ownerId() + "', which is not an app");
            }
        }
        for (App app : apps) {
            if (app.status().isTransitional()) {
                problems.add("app " + app.id() + " is stuck " + app.status().wireName());
                continue;
            }
            Optional<SimulatedContainer> container = app.vmid() == null ? Optional.empty() : pve.container(app.vmid());
            if (Set.of(AppStatus.RUNNING, AppStatus.STOPPED).contains(app.status())) {
                if (container.isEmpty()) {
                    problems.add("app " + app.id() + " is " + app.status().wireName() + " but CT " + app.vmid() + " does not exist");
                } else if (container.get().running() != (app.status() == AppStatus.RUNNING)) {
                    problems.add("app " + app.id() + " is " + app.status().wireName() + " but CT " + app.vmid() + " is "
                            + (container.get().running() ? "running" : "stopped"));
                } else if (!container.get().node().equals(app.node())) {
                    problems.add("app " + app.id() + " says node " + app.node() + " but CT " + app.vmid() + " is on "
                            + container.get().node());
                }
            }
        }
        assertThat(problems).as("store and cluster agree").isEmpty();
    }
}
