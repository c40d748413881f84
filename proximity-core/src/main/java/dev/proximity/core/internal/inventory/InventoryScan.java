package dev.proximity.core.internal.inventory;

import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.core.internal.app.ContainerScan;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconcile's scan through the inventory: one sync (one cluster-wide call plus one task list per
 * node), then the containers as the sync left the inventory, without reading it back from the
 * store. A stale container's node counts as unreachable, so its app is neither marked missing nor
 * refreshed from old data.
 */
final class InventoryScan implements ContainerScan {

    private final DefaultInventoryService inventory;

    InventoryScan(DefaultInventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public Result scan() {
        InventorySync.Result synced = inventory.syncAndKeep();
        Map<Integer, ContainerInfo> containers = new HashMap<>();
        Set<String> unreachable = new LinkedHashSet<>(synced.report().staleNodes());
        for (InventoryResource resource : synced.inventory()) {
            if (resource.type() == ResourceType.NODE) {
                if (!"online".equals(resource.observed().status())) {
                    unreachable.add(resource.node());
                }
            } else if (resource.type() == ResourceType.LXC) {
                if (resource.stale()) {
                    unreachable.add(resource.node());
                } else if (resource.observed().vmid() != null) {
                    containers.put(resource.observed().vmid(), container(resource));
                }
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
