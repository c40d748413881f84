package dev.proximity.store.jpa;

import java.time.Instant;

/** Instants as stored: epoch milliseconds, null kept as null. */
final class Instants {

    private Instants() {
    }

    static Long toMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant fromMillis(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
