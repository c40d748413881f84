package dev.proximity.store.json;

import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.DeploymentLogRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link DeploymentLogRepository} over the logs of one transaction. Each app's list is immutable
 * and replaced on change, so snapshots handed to readers never change under them.
 */
final class JsonDeploymentLogRepository implements DeploymentLogRepository {

    private final Map<String, List<DeploymentLogEntry>> logs;
    private final SessionGuard guard;

    JsonDeploymentLogRepository(Map<String, List<DeploymentLogEntry>> logs, SessionGuard guard) {
        this.logs = logs;
        this.guard = guard;
    }

    @Override
    public void append(DeploymentLogEntry entry) {
        guard.beforeChange("append");
        Objects.requireNonNull(entry, "entry");
        List<DeploymentLogEntry> log = new ArrayList<>(logs.getOrDefault(entry.appId(), List.of()));
        log.add(entry);
        logs.put(entry.appId(), List.copyOf(log));
    }

    @Override
    public List<DeploymentLogEntry> forApp(String appId) {
        guard.checkOpen();
        return logs.getOrDefault(appId, List.of());
    }

    @Override
    public void replaceForApp(String appId, List<DeploymentLogEntry> entries) {
        guard.beforeChange("replaceForApp");
        Objects.requireNonNull(appId, "appId");
        for (DeploymentLogEntry entry : entries) {
            if (!appId.equals(entry.appId())) {
                throw InvalidRequestException.of("appId", entry.appId(), "differs from the log's app '" + appId + "'");
            }
        }
        if (entries.isEmpty()) {
            logs.remove(appId);
        } else {
            logs.put(appId, List.copyOf(entries));
        }
    }

    @Override
    public List<String> appIdsAfter(String afterAppId, int limit) {
        guard.checkOpen();
        return logs.keySet().stream().filter(id -> afterAppId == null || id.compareTo(afterAppId) > 0).sorted()
                .limit(limit).toList();
    }

    @Override
    public int deleteForApp(String appId) {
        guard.beforeChange("deleteForApp");
        List<DeploymentLogEntry> removed = logs.remove(appId);
        return removed == null ? 0 : removed.size();
    }
}
