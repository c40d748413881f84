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

    /**
     * Keyset paging over the app ids that have a log (whether or not the app is still stored),
     * for streaming every log and for pruning the logs of removed apps.
     *
     * @param afterAppId return ids that sort after this one; null to start at the beginning
     * @param limit the most ids to return
     * @return up to {@code limit} app ids, ascending
     */
    List<String> appIdsAfter(String afterAppId, int limit);
}
