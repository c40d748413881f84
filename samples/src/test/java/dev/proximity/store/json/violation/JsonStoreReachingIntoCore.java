package dev.proximity.store.json.violation;

import dev.proximity.core.Proximity;

/** Deliberate violation (test scope only): an adapter depending on core instead of implementing a port. */
public final class JsonStoreReachingIntoCore {
    /** @return a builder from core, which adapters must never use */
    public Proximity.Builder builder() {
        return Proximity.builder();
    }
}
