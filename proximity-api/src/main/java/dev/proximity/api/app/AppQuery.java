package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.util.EnumSet;
import java.util.Set;

/**
 * A filtered, paged, sorted app listing. Null filters match everything. Start from {@link #all()}
 * and narrow it with the {@code with*} methods.
 *
 * @param statuses match any of these statuses; empty matches all
 * @param node exact node name, or null
 * @param catalogId exact catalog id, or null
 * @param ownerId exact owner id, or null
 * @param text case-insensitive substring of name, hostname or id, or null
 * @param page zero-based page number
 * @param size page size, 1 to 1000
 * @param sort the sort field
 * @param direction the sort direction
 */
public record AppQuery(
        Set<AppStatus> statuses,
        String node,
        String catalogId,
        String ownerId,
        String text,
        int page,
        int size,
        AppSort sort,
        SortDirection direction) {

    /** The largest page size. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** Validates paging and copies the status set. */
    public AppQuery {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        Validation.errors()
                .check(page < 0, "page", page, "must not be negative")
                .check(size < 1 || size > MAX_PAGE_SIZE, "size", size, "must be between 1 and " + MAX_PAGE_SIZE)
                .throwIfAny("app query");
        sort = sort == null ? AppSort.ID : sort;
        direction = direction == null ? SortDirection.ASC : direction;
        text = text == null || text.isBlank() ? null : text;
    }

    /**
     * @return every app, first page of 50, sorted by id
     */
    public static AppQuery all() {
        return new AppQuery(Set.of(), null, null, null, null, 0, 50, AppSort.ID, SortDirection.ASC);
    }

    /**
     * @param wanted statuses to match (any of)
     * @return the narrowed query
     */
    public AppQuery withStatuses(AppStatus... wanted) {
        return new AppQuery(Set.of(wanted), node, catalogId, ownerId, text, page, size, sort, direction);
    }

    /**
     * @param value node name
     * @return the narrowed query
     */
    public AppQuery withNode(String value) {
        return new AppQuery(statuses, value, catalogId, ownerId, text, page, size, sort, direction);
    }

    /**
     * @param value catalog id
     * @return the narrowed query
     */
    public AppQuery withCatalogId(String value) {
        return new AppQuery(statuses, node, value, ownerId, text, page, size, sort, direction);
    }

    /**
     * @param value owner id
     * @return the narrowed query
     */
    public AppQuery withOwnerId(String value) {
        return new AppQuery(statuses, node, catalogId, value, text, page, size, sort, direction);
    }

    /**
     * @param value text to search in name, hostname and id
     * @return the narrowed query
     */
    public AppQuery withText(String value) {
        return new AppQuery(statuses, node, catalogId, ownerId, value, page, size, sort, direction);
    }

    /**
     * @param number zero-based page
     * @param pageSize page size
     * @return the query for that page
     */
    public AppQuery withPage(int number, int pageSize) {
        return new AppQuery(statuses, node, catalogId, ownerId, text, number, pageSize, sort, direction);
    }

    /**
     * @param field sort field
     * @param order direction
     * @return the re-sorted query
     */
    public AppQuery sortedBy(AppSort field, SortDirection order) {
        return new AppQuery(statuses, node, catalogId, ownerId, text, page, size, field, order);
    }

    /** @return the index of the first item of this page */
    public long offset() {
        return (long) page * size;
    }
}
