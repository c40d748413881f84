package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code /cluster/resources} and task-list entries into {@link ObservedResource}s: the
 * counters that move on their own (cpu, memory and disk use, uptime, traffic) become metrics,
 * every other field a stable property.
 */
final class PveResources {

    /** Fields that change while nothing about the resource changes. */
    private static final Set<String> VOLATILE = Set.of("cpu", "mem", "memhost", "disk", "uptime", "netin", "netout",
            "diskread", "diskwrite");
    /** Fields the record carries in its own components. */
    private static final Set<String> OWN = Set.of("id", "type", "node", "name", "vmid", "status", "tags", "storage");

    private PveResources() {
    }

    /**
     * @param json one entry of {@code /cluster/resources}
     * @return it, or empty for kinds the inventory does not keep (pools, SDN, networks)
     */
    static Optional<ObservedResource> resource(JsonNode json) {
        String wireType = PveJson.text(json, "type");
        ResourceType type;
        switch (String.valueOf(wireType)) {
            case "node" -> type = ResourceType.NODE;
            case "lxc" -> type = ResourceType.LXC;
            case "qemu" -> type = ResourceType.QEMU;
            case "storage" -> type = ResourceType.STORAGE;
            default -> {
                return Optional.empty();
            }
        }
        String node = PveJson.text(json, "node");
        String id = PveJson.text(json, "id");
        if (node == null || id == null) {
            return Optional.empty();
        }
        String name = switch (type) {
            case NODE -> node;
            case STORAGE -> PveJson.text(json, "storage");
            default -> PveJson.text(json, "name");
        };
        Integer vmid = json.hasNonNull("vmid") ? PveJson.integer(json.get("vmid"), id + " vmid") : null;
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        json.properties().forEach(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (OWN.contains(key) || value.isNull()) {
                return;
            }
            if (VOLATILE.contains(key) && value.isNumber()) {
                metrics.put(key, value.doubleValue());
            } else if (!VOLATILE.contains(key)) {
                properties.put(key, value.asText());
            }
        });
        return Optional.of(new ObservedResource(id, type, node, name, vmid, PveJson.text(json, "status"),
                tags(PveJson.text(json, "tags")), properties, metrics));
    }

    /**
     * @param node the node whose task list it is
     * @param json one entry of {@code /nodes/{node}/tasks}
     * @return the task; its status is the exit status, or {@code running} while it has none
     */
    static ObservedResource task(String node, JsonNode json) {
        String upid = PveJson.text(json, "upid");
        String about = PveJson.text(json, "id");
        Integer vmid = about != null && about.matches("[1-9]\\d{2,8}") ? Integer.valueOf(about) : null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (String field : List.of("user", "starttime", "endtime", "id")) {
            String value = PveJson.text(json, field);
            if (value != null && !value.isEmpty()) {
                properties.put(field, value);
            }
        }
        String status = PveJson.text(json, "status");
        return new ObservedResource("task/" + upid, ResourceType.TASK, node, PveJson.text(json, "type"), vmid,
                status == null ? "running" : status, List.of(), properties, Map.of());
    }

    /** Proxmox separates tags with {@code ;}; older writers used {@code ,} or spaces. */
    private static List<String> tags(String text) {
        List<String> tags = new ArrayList<>();
        if (text != null) {
            for (String tag : text.trim().split("[;,\\s]+")) {
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
        }
        return tags;
    }
}
