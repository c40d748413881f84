package dev.proximity.core.internal.inventory;

import dev.proximity.api.app.App;
import dev.proximity.api.inventory.DriftReport;
import dev.proximity.api.inventory.DriftReport.Drift;
import dev.proximity.api.inventory.DriftReport.Missing;
import dev.proximity.api.inventory.DriftReport.Unexplained;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.internal.app.InstallationMarker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Desired versus actual: each app record (what should exist) against the inventory's containers
 * (what the cluster holds). Apps in a transitional status are left to the operation under way.
 */
final class DriftCheck {

    private static final int BATCH = 500;
    private static final long MIB = 1L << 20;

    private final ProximityStore store;
    private final InstallationMarker marker;

    DriftCheck(ProximityStore store, InstallationMarker marker) {
        this.store = store;
        this.marker = marker;
    }

    DriftReport check(Instant syncedAt) {
        Map<Integer, InventoryResource> containers = new HashMap<>();
        Set<String> staleNodes = new TreeSet<>();
        int page = 0;
        while (true) {
            int number = page++;
            List<InventoryResource> batch = store.read(session -> session.inventory()
                    .find(InventoryQuery.all().ofType(ResourceType.LXC, ResourceType.NODE).page(number, 5000))).items();
            for (InventoryResource resource : batch) {
                if (resource.type() == ResourceType.NODE && !"online".equals(resource.observed().status())) {
                    staleNodes.add(resource.node());
                } else if (resource.type() == ResourceType.LXC && resource.observed().vmid() != null) {
                    containers.put(resource.observed().vmid(), resource);
                    if (resource.stale()) {
                        staleNodes.add(resource.node());
                    }
                }
            }
            if (batch.size() < 5000) {
                break;
            }
        }
        List<Missing> missing = new ArrayList<>();
        List<Drift> drifted = new ArrayList<>();
        Set<Integer> recorded = new HashSet<>();
        String after = null;
        while (true) {
            String from = after;
            List<App> apps = store.read(session -> session.apps().listAfter(from, BATCH));
            for (App app : apps) {
                if (app.vmid() != null) {
                    recorded.add(app.vmid());
                }
                if (app.vmid() == null || app.status().isTransitional()) {
                    continue;
                }
                InventoryResource container = containers.get(app.vmid());
                if (container == null) {
                    if (app.node() == null || !staleNodes.contains(app.node())) {
                        missing.add(new Missing(app.id(), app.hostname(), app.vmid(), app.node()));
                    }
                } else if (!container.stale()) {
                    compare(app, container.observed(), drifted);
                }
            }
            if (apps.size() < BATCH) {
                break;
            }
            after = apps.get(apps.size() - 1).id();
        }
        List<Unexplained> unexplained = new ArrayList<>();
        containers.values().stream()
                .filter(ct -> !recorded.contains(ct.observed().vmid()))
                .filter(ct -> marker.marksTags(ct.observed().tags()) || InstallationMarker.marksLegacy(ct.observed().tags()))
                .sorted(java.util.Comparator.comparing(ct -> ct.observed().vmid()))
                .forEach(ct -> unexplained.add(new Unexplained(ct.observed().vmid(), ct.node(), ct.observed().name(),
                        ct.observed().tags())));
        return new DriftReport(syncedAt, missing, drifted, unexplained, List.copyOf(staleNodes));
    }

    private void compare(App app, ObservedResource container, List<Drift> drifted) {
        int vmid = app.vmid();
        differs(app, vmid, "node", app.node(), container.node(), drifted);
        differs(app, vmid, "hostname", app.hostname(), container.name(), drifted);
        Object cores = app.config().get("cores");
        if (cores instanceof Number expected) {
            differs(app, vmid, "cores", Integer.toString(expected.intValue()), whole(container.properties().get("maxcpu")),
                    drifted);
        }
        Object memory = app.config().get("memory");
        String maxmem = container.properties().get("maxmem");
        if (memory instanceof Number expected && maxmem != null) {
            differs(app, vmid, "memory", Long.toString(expected.longValue()),
                    Long.toString((long) Double.parseDouble(maxmem) / MIB), drifted);
        }
        List<String> missingTags = marker.tags().stream()
                .filter(tag -> container.tags().stream().noneMatch(tag::equalsIgnoreCase)).toList();
        if (!missingTags.isEmpty()) {
            drifted.add(new Drift(app.id(), vmid, "tags", String.join(";", marker.tags()), String.join(";", container.tags())));
        }
    }

    private static String whole(String number) {
        if (number == null) {
            return null;
        }
        try {
            return Long.toString((long) Double.parseDouble(number));
        } catch (NumberFormatException e) {
            return number;
        }
    }

    private static void differs(App app, int vmid, String field, String expected, String actual, List<Drift> drifted) {
        if (expected != null && !Objects.equals(expected, actual)) {
            drifted.add(new Drift(app.id(), vmid, field, expected, actual));
        }
    }
}
