package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One step of an app's deployment log.
 *
 * @param appId the app
 * @param timestamp when it happened (truncated to milliseconds)
 * @param level info, warning or error
 * @param step the step, e.g. {@code init}, {@code vmid}, {@code lxc_create}, {@code lxc_start},
 *             {@code docker_setup}, {@code app_deploy}, {@code complete}, {@code error}
 * @param message what happened
 */
public record DeploymentLogEntry(String appId, Instant timestamp, LogLevel level, String step, String message) {

    /** Common step names. */
    public static final String INIT = "init";
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
    /** Step: deploy finished. */
    public static final String COMPLETE = "complete";
    /** Step: deploy failed. */
    public static final String ERROR = "error";

    /** Validates the entry. */
    public DeploymentLogEntry {
        Validation.requiredText(appId, "appId");
        timestamp = Validation.required(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
        Validation.required(level, "level");
        Validation.requiredText(step, "step");
        message = message == null ? "" : message;
    }
}
