package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One step of an app's deployment log. Entries belong to a deployment attempt: every operation
 * on one incarnation of an app (its deploy, then start, stop, delete...) logs under the id of the
 * deploy that created it, so a failed attempt keeps its own log after its undo removed the app,
 * and deploying the same hostname again starts a new log.
 *
 * @param appId the app
 * @param deploymentId the deployment attempt, or null for entries written before attempts existed
 * @param timestamp when the step ended (truncated to milliseconds)
 * @param level info, warning or error
 * @param step the step, e.g. {@code init}, {@code vmid}, {@code lxc_create}, {@code lxc_start},
 *             {@code docker_setup}, {@code app_deploy}, {@code complete}, {@code error}
 * @param message what happened
 * @param duration how long the step took, or null when not measured (truncated to milliseconds)
 */
public record DeploymentLogEntry(String appId, String deploymentId, Instant timestamp, LogLevel level, String step,
                                 String message, Duration duration) {

    /** Step: the deploy was accepted. */
    public static final String INIT = "init";
    /** Step: the node was chosen. */
    public static final String NODE = "node";
    /** Step: ports reserved and the intent recorded. */
    public static final String INTENT = "intent";
    /** Step: vmid allocated. */
    public static final String VMID = "vmid";
    /** Step: container created. */
    public static final String LXC_CREATE = "lxc_create";
    /** Step: container started. */
    public static final String LXC_START = "lxc_start";
    /** Step: Docker installed in the container. */
    public static final String DOCKER_SETUP = "docker_setup";
    /** Step: compose stack started. */
    public static final String APP_DEPLOY = "app_deploy";
    /** Step: the app answers on its port. */
    public static final String HEALTH = "health";
    /** Step: the container's address found. */
    public static final String URL = "url";
    /** Step: deploy finished. */
    public static final String COMPLETE = "complete";
    /** Step: a step failed. */
    public static final String ERROR = "error";
    /** Step: a failed operation's effects are being undone. */
    public static final String UNDO = "undo";

    /** Validates the entry. */
    public DeploymentLogEntry {
        Validation.requiredText(appId, "appId");
        if (deploymentId != null && deploymentId.isBlank()) {
            deploymentId = null;
        }
        timestamp = Validation.required(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
        Validation.required(level, "level");
        Validation.requiredText(step, "step");
        message = message == null ? "" : message;
        if (duration != null) {
            Validation.errors().check(duration.isNegative(), "duration", duration, "must not be negative")
                    .throwIfAny("deployment log entry");
            duration = duration.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /**
     * An entry outside any recorded attempt, without a duration (legacy logs).
     *
     * @param appId the app
     * @param timestamp when it happened
     * @param level the level
     * @param step the step
     * @param message what happened
     */
    public DeploymentLogEntry(String appId, Instant timestamp, LogLevel level, String step, String message) {
        this(appId, null, timestamp, level, step, message, null);
    }
}
