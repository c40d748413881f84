package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One resource as the inventory keeps it: the latest observation and its bookkeeping.
 *
 * @param observed what the cluster reported when it was last read
 * @param digest a digest of its state without the volatile counters; a different digest is a change
 * @param firstSeen when a sync first saw it (milliseconds)
 * @param changedAt when its state last changed (milliseconds)
 * @param refreshedAt when its volatile counters were last stored (milliseconds): a sync stores
 *                    counters alone at most once per refresh interval, so a quiet cluster costs no writes
 * @param stale whether its node did not answer the latest sync, so this is the last known state
 */
public record InventoryResource(ObservedResource observed, String digest, Instant firstSeen, Instant changedAt,
                                Instant refreshedAt, boolean stale) {

    /** Validates. */
    public InventoryResource {
        Validation.required(observed, "observed");
        Validation.requiredText(digest, "digest");
        firstSeen = Validation.required(firstSeen, "firstSeen").truncatedTo(ChronoUnit.MILLIS);
        changedAt = Validation.required(changedAt, "changedAt").truncatedTo(ChronoUnit.MILLIS);
        refreshedAt = Validation.required(refreshedAt, "refreshedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return the resource's id */
    public String id() {
        return observed.id();
    }

    /** @return the resource's type */
    public ResourceType type() {
        return observed.type();
    }

    /** @return the resource's node */
    public String node() {
        return observed.node();
    }

    /**
     * @param isStale the new flag
     * @return this resource with the stale flag set as given
     */
    public InventoryResource withStale(boolean isStale) {
        return new InventoryResource(observed, digest, firstSeen, changedAt, refreshedAt, isStale);
    }
}
