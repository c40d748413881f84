package dev.proximity.core.internal.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.store.StoreLock;

import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.proximity.api.app.DeploymentLogEntry.APP_DEPLOY;
import static dev.proximity.api.app.DeploymentLogEntry.HEALTH;
import static dev.proximity.api.app.DeploymentLogEntry.LXC_START;
import static dev.proximity.api.app.DeploymentLogEntry.URL;

/**
 * Start, stop and restart: act on Proxmox, then persist. A failed action leaves the app stored with
 * status {@code error} and the reason in its log. Each holds the app's lock for its whole length.
 */
final class ContainerActions {

    private static final Set<AppStatus> STARTABLE = Set.of(AppStatus.STOPPED, AppStatus.ERROR, AppStatus.UPDATE_FAILED);
    private static final Set<AppStatus> STOPPABLE = Set.of(AppStatus.RUNNING, AppStatus.ERROR, AppStatus.UPDATE_FAILED);
    private static final Set<AppStatus> RESTARTABLE = Set.of(AppStatus.RUNNING, AppStatus.ERROR, AppStatus.UPDATE_FAILED);

    private final AppContext context;
    private final AddressFinder addresses;

    ContainerActions(AppContext context, AddressFinder addresses) {
        this.context = context;
        this.addresses = addresses;
    }

    App start(String appId) {
        return act(appId, Steps.START, STARTABLE, AppStatus.RUNNING, (app, journal) -> {
            String node = app.node();
            int vmid = app.vmid();
            journal.step(LXC_START, () -> {
                if (requireContainer(app).state() != ContainerState.RUNNING) {
                    context.platform.start(node, vmid);
                }
            }, "CT " + vmid + " is running");
            return bringUp(app, journal);
        });
    }

    App stop(String appId, boolean force) {
        return act(appId, Steps.STOP, STOPPABLE, AppStatus.STOPPED, (app, journal) -> {
            String node = app.node();
            int vmid = app.vmid();
            if (requireContainer(app).state() != ContainerState.RUNNING) {
                journal.info(Steps.LXC_SHUTDOWN, "CT " + vmid + " is not running");
                return context.records.setStatus(app.id(), AppStatus.STOPPED);
            }
            if (force) {
                journal.step(Steps.LXC_STOP, () -> context.platform.stop(node, vmid), "stopped CT " + vmid + " (hard)");
            } else {
                try {
                    journal.step(Steps.STACK_DOWN, () -> context.provisioner.down(node, vmid, app.id()), "docker compose down");
                } catch (StepFailure failure) {
                    journal.warn(Steps.STACK_DOWN, "the stack did not stop cleanly; shutting the container down anyway");
                }
                journal.step(Steps.LXC_SHUTDOWN, () -> context.platform.shutdown(node, vmid, context.settings.stopTimeout(), true),
                        "shut CT " + vmid + " down (forced after " + context.settings.stopTimeout().toSeconds() + " s)");
            }
            return context.records.setStatus(app.id(), AppStatus.STOPPED);
        });
    }

    App restart(String appId) {
        return act(appId, Steps.RESTART, RESTARTABLE, null, (app, journal) -> {
            String node = app.node();
            int vmid = app.vmid();
            journal.step(Steps.LXC_REBOOT, () -> {
                if (requireContainer(app).state() == ContainerState.RUNNING) {
                    context.platform.reboot(node, vmid);
                } else {
                    context.platform.start(node, vmid);
                }
            }, "rebooted CT " + vmid);
            return bringUp(app, journal);
        });
    }

    /** Compose up, wait until it answers, refresh the url, mark running. */
    App bringUp(App app, Journal journal) {
        String node = app.node();
        int vmid = app.vmid();
        journal.step(APP_DEPLOY, () -> context.provisioner.up(node, vmid, app.id()), "docker compose up -d");
        Integer port = app.internalPort() != null && !app.ports().isEmpty() ? app.internalPort() : null;
        if (port != null) {
            journal.step(HEALTH, () -> context.provisioner.awaitAnswer(node, vmid, port, context.operations::cancelled),
                    probes -> "port " + port + " answers");
        }
        String url = journal.step(URL, () -> addresses.url(node, vmid, port), found -> found == null
                ? "no port to publish" : "the app answers at " + found);
        return context.records.update(app.id(), current -> current.toBuilder().url(url == null ? current.url() : url).build()
                .withStatus(AppStatus.RUNNING, context.clock.instant()));
    }

    private ContainerInfo requireContainer(App app) {
        return context.platform.status(app.node(), app.vmid()).orElseThrow(() -> new PlatformException(
                "GET /nodes/" + app.node() + "/lxc/" + app.vmid() + "/status/current",
                "CT " + app.vmid() + " does not exist on node '" + app.node() + "'", null));
    }

    /**
     * The frame of every action: operation counted, app locked, status checked, journal opened,
     * failure turned into status error plus an {@link OperationFailedException}.
     */
    private App act(String appId, String action, Set<AppStatus> allowed, AppStatus alreadyDone,
                    java.util.function.BiFunction<App, Journal, App> work) {
        return act(appId, action, allowed, alreadyDone, true, work);
    }

    /**
     * @param markError whether a failure marks the app error (an action that may have left the
     *                  container in another state) or leaves it as it was (one that cannot harm it)
     */
    App act(String appId, String action, Set<AppStatus> allowed, AppStatus alreadyDone, boolean markError,
            java.util.function.BiFunction<App, Journal, App> work) {
        return context.operations.run(() -> {
            try (StoreLock lock = context.locks.app(appId)) {
                App app = context.records.get(appId);
                if (app.status() == alreadyDone) {
                    return app;
                }
                if (!allowed.contains(app.status())) {
                    throw new InvalidTransitionException(appId, app.status().wireName(), action, names(allowed, AppStatus::wireName));
                }
                if (app.vmid() == null || app.node() == null) {
                    throw new InvalidTransitionException(appId, app.status().wireName() + " with no container recorded",
                            action, "its record names a node and a vmid");
                }
                String deploymentId = context.records.lastDeploymentId(appId).orElseGet(Ids::newDeploymentId);
                Journal journal = context.journal(appId, deploymentId, DeploymentListener.NONE);
                try {
                    return work.apply(app, journal);
                } catch (StepFailure failure) {
                    if (markError) {
                        markError(appId, journal, action);
                    } else {
                        AppStatus now = context.records.find(appId).map(App::status).orElse(app.status());
                        journal.error(action, action + " failed; " + (now == app.status() ? "the app is unchanged"
                                : "the app is now " + now.wireName()));
                    }
                    throw new OperationFailedException(action, appId, deploymentId, failure.step(), true, journal.entries(),
                            failure.failure());
                }
            }
        });
    }

    private void markError(String appId, Journal journal, String action) {
        try {
            context.records.setStatus(appId, AppStatus.ERROR);
            journal.error(action, action + " failed; the app is marked error");
        } catch (RuntimeException e) {
            journal.error(action, action + " failed and the app could not be marked error: " + Journal.describe(e));
        }
    }

    private static <T> String names(Set<T> values, Function<T, String> name) {
        return values.stream().map(name).sorted().collect(Collectors.joining(", "));
    }

}
