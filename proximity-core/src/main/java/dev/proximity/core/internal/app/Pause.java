package dev.proximity.core.internal.app;

import dev.proximity.api.error.PlatformException;

import java.time.Duration;

/** Sleeps between polls; an interrupt ends the wait as a failure and keeps the flag. */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(what, "interrupted", e);
        }
    }
}
