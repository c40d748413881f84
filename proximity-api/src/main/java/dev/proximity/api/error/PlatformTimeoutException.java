package dev.proximity.api.error;

import java.time.Duration;
import java.util.Map;

/**
 * A Proxmox call, task or guest command did not finish before its deadline.
 */
public class PlatformTimeoutException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final Duration waited;

    /**
     * @param call what was waited for, e.g. a UPID or {@code pct exec 101}
     * @param waited how long it was given
     */
    public PlatformTimeoutException(String call, Duration waited) {
        super(call, 0, "timed out after " + waited.toMillis() + " ms", Map.of(), null, null);
        this.waited = waited;
    }

    /** @return how long the call was given */
    public Duration waited() {
        return waited;
    }
}
