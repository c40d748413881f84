package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param page zero-based page number
 * @param size the requested page size
 * @param total how many items match in all
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(Validation.required(items, "items"));
    }

    /** @return the number of pages */
    public long totalPages() {
        return size == 0 ? 0 : (total + size - 1) / size;
    }

    /** @return whether a later page exists */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
