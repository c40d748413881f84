package dev.proximity.api.testing;

import dev.proximity.api.app.App;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;

import java.util.Map;

/**
 * A counter kept in an app's {@code config.n}: the read-modify-write the lost-update tests repeat
 * from many threads and processes.
 */
public final class Counters {

    private Counters() {
    }

    /**
     * @param store the store
     * @param appId the app holding the counter
     * @return the counter as committed
     */
    public static int read(ProximityStore store, String appId) {
        return value(store.read((StoreSession s) -> s.apps().get(appId).orElseThrow()));
    }

    /**
     * Adds one in a single write transaction; when another writer committed first (optimistic
     * lock), re-reads and tries again.
     *
     * @param store the store
     * @param appId the app holding the counter
     * @return the value this call committed
     */
    public static int increment(ProximityStore store, String appId) {
        while (true) {
            try {
                return store.write((StoreSession s) -> {
                    App current = s.apps().get(appId).orElseThrow();
                    int next = value(current) + 1;
                    s.apps().update(current.toBuilder().config(Map.of("n", next)).build());
                    return next;
                });
            } catch (ConcurrentUpdateException lostRace) {
                // another writer committed first: re-read and try again
            }
        }
    }

    private static int value(App counter) {
        return ((Number) counter.config().get("n")).intValue();
    }
}
