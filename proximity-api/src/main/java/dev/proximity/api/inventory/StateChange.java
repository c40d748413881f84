package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A state snapshot: one change of one resource, holding the resource as it was seen then (for a
 * deletion, as it was last seen).
 *
 * @param id the snapshot's id, unique and ordered by time ({@link #idOf})
 * @param change what happened
 * @param at when the sync that saw it ran (milliseconds)
 * @param resource the resource as seen
 */
public record StateChange(String id, ChangeType change, Instant at, InventoryResource resource) {

    /** Validates. */
    public StateChange {
        Validation.requiredText(id, "id");
        Validation.required(change, "change");
        at = Validation.required(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Validation.required(resource, "resource");
    }

    /**
     * @param at the time of the sync
     * @param resourceId the resource
     * @return the snapshot id: the time in milliseconds, zero-padded so ids sort by time, then the resource id
     */
    public static String idOf(Instant at, String resourceId) {
        return String.format("%015d:%s", at.toEpochMilli(), resourceId);
    }

    /** @return the id of the resource that changed */
    public String resourceId() {
        return resource.id();
    }
}
