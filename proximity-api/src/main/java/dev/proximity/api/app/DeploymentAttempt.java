package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.util.List;

/**
 * One deployment attempt of an app id and everything logged under it.
 *
 * @param appId the app id
 * @param deploymentId the attempt's id, or null for entries logged before attempts were recorded
 * @param entries its log, oldest first; never empty
 */
public record DeploymentAttempt(String appId, String deploymentId, List<DeploymentLogEntry> entries) {

    /** Requires at least one entry. */
    public DeploymentAttempt {
        Validation.requiredText(appId, "appId");
        entries = List.copyOf(Validation.required(entries, "entries"));
        Validation.errors().check(entries.isEmpty(), "entries", null, "must not be empty").throwIfAny("deployment attempt");
    }

    /** @return when its first entry was logged */
    public Instant startedAt() {
        return entries.get(0).timestamp();
    }

    /** @return when its last entry was logged */
    public Instant lastLoggedAt() {
        return entries.get(entries.size() - 1).timestamp();
    }

    /** @return whether its deploy finished (a {@code complete} step was logged) */
    public boolean completed() {
        return entries.stream().anyMatch(entry -> DeploymentLogEntry.COMPLETE.equals(entry.step()));
    }
}
