package dev.proximity.api.app;

import dev.proximity.api.Validation;

/**
 * What {@link AppService#delete} removed.
 *
 * @param appId the app
 * @param node the node its container was on, or null if it never had one
 * @param vmid its container, or null if it never had one
 * @param containerDestroyed true when a container was destroyed; false when it was already gone
 * @param portsReleased how many port leases were released
 * @param logsKept whether its deployment log was kept (per the retention setting)
 */
public record DeleteResult(String appId, String node, Integer vmid, boolean containerDestroyed, int portsReleased,
                           boolean logsKept) {

    /** Requires the app id. */
    public DeleteResult {
        Validation.requiredText(appId, "appId");
    }
}
