package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.util.concurrent.CompletableFuture;

/**
 * A deploy started by {@link AppService#deployAsync}.
 *
 * @param appId the id the app will have
 * @param deploymentId the attempt's id, under which its steps are logged
 * @param result completes with the running app, or exceptionally with what {@link AppService#deploy} would throw
 */
public record PendingDeployment(String appId, String deploymentId, CompletableFuture<App> result) {

    /** Requires every field. */
    public PendingDeployment {
        Validation.requiredText(appId, "appId");
        Validation.requiredText(deploymentId, "deploymentId");
        Validation.required(result, "result");
    }
}
