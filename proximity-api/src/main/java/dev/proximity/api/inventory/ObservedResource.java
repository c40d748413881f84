package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One resource as the cluster reports it in one read.
 *
 * @param id the cluster-wide id: {@code node/pve}, {@code lxc/101}, {@code qemu/200},
 *           {@code storage/pve/local}, {@code task/UPID:...}
 * @param type its kind
 * @param node the node it is on (the node's own name for a node)
 * @param name its name (guest name, storage id, node name, task type), or null
 * @param vmid the guest id (guests, and tasks about a guest), or null
 * @param status the status Proxmox reports ({@code running}, {@code online}, {@code available},
 *               a task's exit status...), or null
 * @param tags the guest's tags, sorted, without duplicates
 * @param properties every other stable field, as text (e.g. {@code maxmem}, {@code template})
 * @param metrics volatile counters ({@code cpu}, {@code mem}, {@code uptime}, {@code netin}...): kept
 *                as the latest values, never counted as a change
 */
public record ObservedResource(String id, ResourceType type, String node, String name, Integer vmid, String status,
                               List<String> tags, Map<String, String> properties, Map<String, Double> metrics) {

    /** Validates and copies; properties and metrics are kept in key order. */
    public ObservedResource {
        Validation.requiredText(id, "id");
        Validation.required(type, "type");
        Validation.requiredText(node, "node");
        tags = List.copyOf(new java.util.TreeSet<>(Validation.copyOf(tags)));
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(Validation.copyOf(properties)));
        metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(Validation.copyOf(metrics)));
    }
}
