package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A filter and page over state snapshots, oldest first. Null filters match everything.
 *
 * @param resourceId only this resource's history
 * @param from only snapshots at or after this time
 * @param to only snapshots before this time
 * @param changes only these kinds of change (empty: every kind)
 * @param page zero-based page number
 * @param size page size, 1 to 10,000
 */
public record HistoryQuery(String resourceId, Instant from, Instant to, Set<ChangeType> changes, int page, int size) {

    /** Validates and copies. */
    public HistoryQuery {
        changes = changes == null || changes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(changes));
        Validation.inRange(page, 0, Integer.MAX_VALUE, "page");
        Validation.inRange(size, 1, 10_000, "size");
        Validation.errors().check(from != null && to != null && !from.isBefore(to), "to", to, "must be after from (" + from + ")")
                .throwIfAny("history query");
    }

    /** @return every snapshot, first page of 100 */
    public static HistoryQuery all() {
        return new HistoryQuery(null, null, null, Set.of(), 0, 100);
    }

    /**
     * @param id the resource
     * @return this query for one resource
     */
    public HistoryQuery of(String id) {
        return new HistoryQuery(id, from, to, changes, page, size);
    }

    /**
     * @param start inclusive, or null
     * @param end exclusive, or null
     * @return this query for a time range
     */
    public HistoryQuery between(Instant start, Instant end) {
        return new HistoryQuery(resourceId, start, end, changes, page, size);
    }

    /**
     * @param first a kind of change
     * @param more more kinds
     * @return this query for these kinds only
     */
    public HistoryQuery ofChange(ChangeType first, ChangeType... more) {
        return new HistoryQuery(resourceId, from, to, EnumSet.of(first, more), page, size);
    }

    /**
     * @param number zero-based page number
     * @param pageSize page size
     * @return this query for another page
     */
    public HistoryQuery page(int number, int pageSize) {
        return new HistoryQuery(resourceId, from, to, changes, number, pageSize);
    }

    /**
     * @param snapshot a snapshot
     * @return whether it passes the filters (paging aside)
     */
    public boolean matches(StateChange snapshot) {
        return (resourceId == null || resourceId.equals(snapshot.resourceId()))
                && (from == null || !snapshot.at().isBefore(from))
                && (to == null || snapshot.at().isBefore(to))
                && (changes.isEmpty() || changes.contains(snapshot.change()));
    }
}
