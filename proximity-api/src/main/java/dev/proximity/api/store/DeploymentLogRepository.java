package dev.proximity.api.store;

import dev.proximity.api.app.DeploymentLogEntry;

import java.util.List;

/**
 * Deployment logs in a store. Entries come back in the order they were appended.
 */
public interface DeploymentLogRepository {

    /** @param entry the entry to add to its app's log */
    void append(DeploymentLogEntry entry);

    /**
     * @param appId the app
     * @return its entries, oldest first (append order)
     */
    List<DeploymentLogEntry> forApp(String appId);

    /**
     * Replaces an app's whole log (migration copy; idempotent).
     *
     * @param appId the app
     * @param entries the entries, oldest first
     */
    void replaceForApp(String appId, List<DeploymentLogEntry> entries);

    /**
     * @param appId the app
     * @return how many entries were deleted
     */
    int deleteForApp(String appId);
}
