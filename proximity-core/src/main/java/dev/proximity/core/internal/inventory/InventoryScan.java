package dev.proximity.core.internal.inventory;

import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.internal.app.ContainerScan;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconcile's scan through the inventory: one sync (one cluster-wide call plus one task list per
 * node), then the containers as the inventory holds them. A stale container's node counts as
 * unreachable, so its app is neither marked missing nor refreshed from old data.
 */
final class InventoryScan implements ContainerScan {

    private static final int PAGE = 5000;

    private final DefaultInventoryService inventory;
    private final ProximityStore store;

    InventoryScan(DefaultInventoryService inventory, ProximityStore store) {
        this.inventory = inventory;
        this.store = store;
    }

    @Override
    public Result scan() {
        SyncReport report = inventory.sync();
        Map<Integer, ContainerInfo> containers = new HashMap<>();
        Set<String> unreachable = new LinkedHashSet<>(report.staleNodes());
        int page = 0;
        while (true) {
            int number = page++;
            List<InventoryResource> batch = store.read(session -> session.inventory()
                    .find(InventoryQuery.all().ofType(ResourceType.LXC, ResourceType.NODE).page(number, PAGE))).items();
            for (InventoryResource resource : batch) {
                if (resource.type() == ResourceType.NODE) {
                    if (!"online".equals(resource.observed().status())) {
                        unreachable.add(resource.node());
                    }
                } else if (resource.stale()) {
                    unreachable.add(resource.node());
                } else if (resource.observed().vmid() != null) {
                    containers.put(resource.observed().vmid(), container(resource));
                }
            }
            if (batch.size() < PAGE) {
                break;
            }
        }
        return new Result(containers, unreachable, List.of());
    }

    private static ContainerInfo container(InventoryResource resource) {
        var seen = resource.observed();
        return new ContainerInfo(seen.node(), seen.vmid(), seen.name(), ContainerState.parse(seen.status()),
                seen.properties().get("lock"), metric(seen.metrics(), "uptime"), (int) number(seen.properties().get("maxcpu")),
                metric(seen.metrics(), "mem"), (long) number(seen.properties().get("maxmem")), seen.tags());
    }

    private static long metric(Map<String, Double> metrics, String key) {
        Double value = metrics.get(key);
        return value == null ? 0 : value.longValue();
    }

    private static double number(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
