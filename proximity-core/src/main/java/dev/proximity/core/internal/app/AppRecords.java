package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentAttempt;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.store.ProximityStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Reads and changes app records: always the latest version, in one transaction per change. */
final class AppRecords {

    private final ProximityStore store;
    private final Clock clock;

    AppRecords(ProximityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param appId the app
     * @return it
     * @throws NotFoundException when it is not stored
     */
    App get(String appId) {
        return find(appId).orElseThrow(() -> new NotFoundException("app", appId));
    }

    Optional<App> find(String appId) {
        return store.read(session -> session.apps().get(appId));
    }

    /**
     * Applies a change to the stored app, read in the same transaction.
     *
     * @param appId the app
     * @param change the change
     * @return the app as stored
     */
    App update(String appId, UnaryOperator<App> change) {
        return store.write(session -> {
            App current = session.apps().get(appId).orElseThrow(() -> new NotFoundException("app", appId));
            return session.apps().update(change.apply(current));
        });
    }

    /**
     * @param appId the app
     * @param status the new status
     * @return the app as stored, its state change time set to now
     */
    App setStatus(String appId, AppStatus status) {
        return update(appId, app -> app.withStatus(status, clock.instant()));
    }

    /**
     * @param appId an app id, stored or not
     * @return the deployment attempt its last entry belongs to, if it has a log
     */
    Optional<String> lastDeploymentId(String appId) {
        List<DeploymentLogEntry> log = store.read(session -> session.deploymentLogs().forApp(appId));
        return log.isEmpty() ? Optional.empty() : Optional.ofNullable(log.get(log.size() - 1).deploymentId());
    }

    /**
     * @param appId an app id
     * @return every attempt logged under it, in order of first entry
     */
    List<DeploymentAttempt> attempts(String appId) {
        Map<String, List<DeploymentLogEntry>> byAttempt = new LinkedHashMap<>();
        for (DeploymentLogEntry entry : store.read(session -> session.deploymentLogs().forApp(appId))) {
            byAttempt.computeIfAbsent(Objects.toString(entry.deploymentId(), ""), key -> new ArrayList<>()).add(entry);
        }
        List<DeploymentAttempt> attempts = new ArrayList<>();
        byAttempt.forEach((id, entries) -> attempts.add(new DeploymentAttempt(appId, id.isEmpty() ? null : id, entries)));
        return attempts;
    }
}
