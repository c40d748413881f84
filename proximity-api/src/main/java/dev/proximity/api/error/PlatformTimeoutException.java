package dev.proximity.api.error;

import java.time.Duration;

/**
 * A platform call, task or guest command did not finish before its deadline. What it was doing
 * may still complete later.
 */
public class PlatformTimeoutException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final Duration waited;

    /**
     * @param call what timed out
     * @param waited how long it was given
     */
    public PlatformTimeoutException(String call, Duration waited) {
        super(call, "timed out after " + waited.toMillis() + " ms", null);
        this.waited = waited;
    }

    /** @return how long the call was given */
    public Duration waited() {
        return waited;
    }
}
