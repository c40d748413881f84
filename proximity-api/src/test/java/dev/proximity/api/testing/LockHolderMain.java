package dev.proximity.api.testing;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.Stores;

import java.time.Duration;

/**
 * Child JVM for cross-process lock tests: opens the store at {@code args[0]}, takes lock
 * {@code args[1]}, prints {@code locked}, then holds it until killed.
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    /**
     * @param args store URL and lock name
     * @throws Exception on any failure (the parent sees it on standard error)
     */
    public static void main(String[] args) throws Exception {
        ProximityStore store = Stores.open(args[0]);
        StoreLock lock = store.lock(args[1], Duration.ofSeconds(30)).orElseThrow(() -> new IllegalStateException("lock busy"));
        System.out.println("locked " + lock.name());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
}
