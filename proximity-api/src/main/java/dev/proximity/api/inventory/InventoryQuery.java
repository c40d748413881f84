package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.util.EnumSet;
import java.util.Set;

/**
 * A filter and page over the current inventory, ordered by id. Null filters match everything.
 *
 * @param types the types to list (empty: every type)
 * @param node only resources on this node
 * @param status only resources with this status (exact, case-sensitive, as Proxmox reports it)
 * @param tag only resources carrying this tag
 * @param page zero-based page number
 * @param size page size, 1 to 10,000
 */
public record InventoryQuery(Set<ResourceType> types, String node, String status, String tag, int page, int size) {

    /** Validates and copies. */
    public InventoryQuery {
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        Validation.inRange(page, 0, Integer.MAX_VALUE, "page");
        Validation.inRange(size, 1, 10_000, "size");
    }

    /** @return every resource, first page of 100 */
    public static InventoryQuery all() {
        return new InventoryQuery(Set.of(), null, null, null, 0, 100);
    }

    /**
     * @param first the type to list
     * @param more more types
     * @return this query for these types only
     */
    public InventoryQuery ofType(ResourceType first, ResourceType... more) {
        return new InventoryQuery(EnumSet.of(first, more), node, status, tag, page, size);
    }

    /**
     * @param value the node
     * @return this query on one node
     */
    public InventoryQuery onNode(String value) {
        return new InventoryQuery(types, value, status, tag, page, size);
    }

    /**
     * @param value the status
     * @return this query for one status
     */
    public InventoryQuery withStatus(String value) {
        return new InventoryQuery(types, node, value, tag, page, size);
    }

    /**
     * @param value the tag
     * @return this query for one tag
     */
    public InventoryQuery taggedWith(String value) {
        return new InventoryQuery(types, node, status, value, page, size);
    }

    /**
     * @param number zero-based page number
     * @param pageSize page size
     * @return this query for another page
     */
    public InventoryQuery page(int number, int pageSize) {
        return new InventoryQuery(types, node, status, tag, number, pageSize);
    }

    /**
     * @param resource a resource
     * @return whether it passes the filters (paging aside)
     */
    public boolean matches(InventoryResource resource) {
        ObservedResource seen = resource.observed();
        return (types.isEmpty() || types.contains(seen.type()))
                && (node == null || node.equals(seen.node()))
                && (status == null || status.equals(seen.status()))
                && (tag == null || seen.tags().contains(tag));
    }
}
