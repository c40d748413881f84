package dev.proximity.api.error;

import java.time.Duration;

/**
 * Another operation holds what this one needs (an app, or the reconcile pass of a store), in this
 * process or another, and did not let go within the wait allowed. Nothing was changed; retry later.
 */
public class ConcurrentOperationException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String resource;

    /**
     * @param resource what was busy, e.g. {@code app 'nginx-web'}
     * @param waited how long this operation waited
     */
    public ConcurrentOperationException(String resource, Duration waited) {
        super(resource + " is busy with another operation (waited " + waited.toMillis() + " ms); retry later");
        this.resource = resource;
    }

    /** @return what was busy */
    public String resource() {
        return resource;
    }
}
