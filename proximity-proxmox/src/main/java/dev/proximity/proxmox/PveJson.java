package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads Proxmox answers leniently where servers differ: numbers sent as strings ({@code vmid},
 * {@code nextid}), fields missing for offline nodes, both shapes of the interfaces answer.
 */
final class PveJson {

    private PveJson() {
    }

    /** @return the integer in a number or numeric string node */
    static int integer(JsonNode node, String what) {
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().trim().matches("\\d{1,10}")) {
            return Integer.parseInt(node.asText().trim());
        }
        throw new IllegalArgumentException(what + " is not an integer: " + node);
    }

    static long longValue(JsonNode object, String field) {
        JsonNode value = object.path(field);
        if (value.isNumber()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return (long) Double.parseDouble(value.asText());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static NodeInfo node(JsonNode json) {
        NodeStatus status = switch (String.valueOf(text(json, "status")).toLowerCase(Locale.ROOT)) {
            case "online" -> NodeStatus.ONLINE;
            case "offline" -> NodeStatus.OFFLINE;
            default -> NodeStatus.UNKNOWN;
        };
        return new NodeInfo(text(json, "node"), status, json.path("cpu").asDouble(0), (int) longValue(json, "maxcpu"),
                longValue(json, "mem"), longValue(json, "maxmem"), longValue(json, "disk"), longValue(json, "maxdisk"),
                longValue(json, "uptime"), text(json, "ssl_fingerprint"));
    }

    static ContainerInfo container(String node, JsonNode json) {
        String tags = text(json, "tags");
        List<String> tagList = tags == null || tags.isBlank() ? List.of()
                : Arrays.stream(tags.split("[;, ]+")).filter(tag -> !tag.isEmpty()).toList();
        return new ContainerInfo(node, integer(json.path("vmid"), "vmid"), text(json, "name"),
                ContainerState.parse(text(json, "status")), text(json, "lock"), longValue(json, "uptime"),
                (int) longValue(json, "cpus"), longValue(json, "mem"), longValue(json, "maxmem"), tagList);
    }

    /**
     * Older servers send {@code inet}/{@code inet6}; newer ones add {@code ip-addresses}. Either is enough.
     */
    static ContainerInterface containerInterface(JsonNode json) {
        String inet = text(json, "inet");
        String inet6 = text(json, "inet6");
        for (JsonNode address : json.path("ip-addresses")) {
            String withPrefix = text(address, "ip-address") + "/" + longValue(address, "prefix");
            String type = String.valueOf(text(address, "ip-address-type"));
            if (inet == null && type.equals("inet")) {
                inet = withPrefix;
            } else if (inet6 == null && type.equals("inet6")) {
                inet6 = withPrefix;
            }
        }
        return new ContainerInterface(text(json, "name"), text(json, "hwaddr"), inet, inet6);
    }

    static List<String> lines(JsonNode logData) {
        List<String> lines = new ArrayList<>();
        logData.forEach(line -> lines.add(line.path("t").asText("")));
        return lines;
    }
}
