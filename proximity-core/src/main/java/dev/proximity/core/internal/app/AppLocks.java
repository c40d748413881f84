package dev.proximity.core.internal.app;

import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreLock;

import java.time.Duration;
import java.util.Optional;

/**
 * Serializes operations on one app, and reconcile passes, across this process and every other
 * process sharing the store, with the store's named locks (released by the OS or the database if
 * the holder dies, so a crash never leaves an app locked).
 */
final class AppLocks {

    private static final String RECONCILE = "reconcile";

    private final ProximityStore store;
    private final Duration wait;

    AppLocks(ProximityStore store, Duration wait) {
        this.store = store;
        this.wait = wait;
    }

    /**
     * @param appId the app
     * @return its lock, after waiting the configured time at most
     * @throws ConcurrentOperationException when another operation held it for the whole wait
     */
    StoreLock app(String appId) {
        return store.lock(name(appId), wait).orElseThrow(() -> new ConcurrentOperationException("app '" + appId + "'", wait));
    }

    /**
     * @param appId the app
     * @return its lock if nobody holds it now
     */
    Optional<StoreLock> tryApp(String appId) {
        return store.lock(name(appId), Duration.ZERO);
    }

    /**
     * @param reconcileWait how long to wait
     * @return the store's reconcile lock
     * @throws ConcurrentOperationException when another pass held it for the whole wait
     */
    StoreLock reconcile(Duration reconcileWait) {
        return store.lock(RECONCILE, reconcileWait)
                .orElseThrow(() -> new ConcurrentOperationException("reconcile of " + store.descriptor(), reconcileWait));
    }

    private static String name(String appId) {
        return "app:" + appId;
    }
}
