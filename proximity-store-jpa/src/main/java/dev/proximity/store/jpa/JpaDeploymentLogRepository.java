package dev.proximity.store.jpa;

import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.DeploymentLogRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deployment logs in table {@code deployment_log_entry}, ordered by the generated sequence. */
final class JpaDeploymentLogRepository implements DeploymentLogRepository {

    private static final String ROW = "DeploymentLogEntryRow";

    private final SessionContext context;

    JpaDeploymentLogRepository(SessionContext context) {
        this.context = context;
    }

    @Override
    public void append(DeploymentLogEntry entry) {
        context.requireWritable("append to the log of app '" + entry.appId() + "'");
        context.call("append to the log of app '" + entry.appId() + "'", () -> {
            context.hibernate().insert(toRow(entry));
            return null;
        });
    }

    @Override
    public List<DeploymentLogEntry> forApp(String appId) {
        return context.call("read the log of app '" + appId + "'", () -> context.hibernate()
                .createSelectionQuery("from " + ROW + " e where e.appId = :appId order by e.seq", DeploymentLogEntryEntity.class)
                .setParameter("appId", appId)
                .getResultList().stream().map(JpaDeploymentLogRepository::toEntry).toList());
    }

    @Override
    public void replaceForApp(String appId, List<DeploymentLogEntry> entries) {
        context.requireWritable("replace the log of app '" + appId + "'");
        for (DeploymentLogEntry entry : entries) {
            if (!entry.appId().equals(appId)) {
                throw InvalidRequestException.of("entries", entry.appId(),
                        "must all belong to app '" + appId + "' whose log is being replaced");
            }
        }
        deleteForApp(appId);
        entries.forEach(this::append);
    }

    @Override
    public int deleteForApp(String appId) {
        context.requireWritable("delete the log of app '" + appId + "'");
        return context.call("delete the log of app '" + appId + "'", () -> context.hibernate()
                .createMutationQuery("delete from " + ROW + " e where e.appId = :appId")
                .setParameter("appId", appId)
                .executeUpdate());
    }

    @Override
    public List<String> appIdsAfter(String afterAppId, int limit) {
        return context.call("list the apps that have logs", () -> context.hibernate()
                .createSelectionQuery("select distinct e.appId from " + ROW + " e where e.appId > :after order by e.appId",
                        String.class)
                .setParameter("after", afterAppId == null ? "" : afterAppId)
                .setMaxResults(limit)
                .getResultList());
    }

    private static DeploymentLogEntryEntity toRow(DeploymentLogEntry entry) {
        DeploymentLogEntryEntity row = new DeploymentLogEntryEntity();
        row.appId = entry.appId();
        row.deploymentId = entry.deploymentId();
        row.loggedAtMs = entry.timestamp().toEpochMilli();
        row.level = entry.level().name();
        row.step = entry.step();
        row.message = entry.message();
        row.durationMs = entry.duration() == null ? null : entry.duration().toMillis();
        return row;
    }

    private static DeploymentLogEntry toEntry(DeploymentLogEntryEntity row) {
        return new DeploymentLogEntry(row.appId, row.deploymentId, Instant.ofEpochMilli(row.loggedAtMs),
                LogLevel.valueOf(row.level), row.step, row.message,
                row.durationMs == null ? null : Duration.ofMillis(row.durationMs));
    }
}
