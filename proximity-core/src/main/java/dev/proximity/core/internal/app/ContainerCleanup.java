package dev.proximity.core.internal.app;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerPlatform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Destroys an app's container, but only when it is really the app's: it must carry this
 * installation's marker and name the app in its description. A container that is gone is fine; a
 * container that is someone else's (its id was taken by another creator) is left alone. A
 * container still locked by a task (a create whose answer was lost) is waited for first.
 */
final class ContainerCleanup {

    /** What happened to the container. */
    enum Outcome {
        /** It was destroyed. */
        DESTROYED,
        /** It did not exist. */
        GONE,
        /** It exists but is not this app's; it was left alone. */
        NOT_OURS
    }

    private final ContainerPlatform platform;
    private final InstallationMarker marker;
    private final Duration lockWait;
    private final Duration pollInterval;

    ContainerCleanup(ContainerPlatform platform, InstallationMarker marker, Duration lockWait, Duration pollInterval) {
        this.platform = platform;
        this.marker = marker;
        this.lockWait = lockWait;
        this.pollInterval = pollInterval;
    }

    /**
     * Destroys a container this installation created for the app (its marker names the app).
     *
     * @param node the node that should hold it
     * @param vmid the container
     * @param appId the app it must belong to
     * @return what happened
     * @throws PlatformException when it could not be inspected or destroyed
     */
    Outcome destroyIfOwnedBy(String node, int vmid, String appId) {
        return destroyIf(node, vmid, config -> marker.marksConfig(config)
                && InstallationMarker.appIdIn(config).filter(appId::equals).isPresent());
    }

    /**
     * Destroys the container of a stored app: one this installation created for it, or, for apps the
     * original system deployed (whose containers carry no marker at all), one with the app's hostname.
     *
     * @param node the node that holds it
     * @param vmid the container
     * @param appId the app
     * @param hostname the app's hostname
     * @return what happened
     */
    Outcome destroyAppContainer(String node, int vmid, String appId, String hostname) {
        return destroyIf(node, vmid, config -> {
            boolean markedForApp = marker.marksConfig(config) && InstallationMarker.appIdIn(config).filter(appId::equals).isPresent();
            boolean unmarkedLegacy = InstallationMarker.tagsIn(config).stream()
                    .noneMatch(tag -> tag.startsWith(InstallationMarker.PROXIMITY_TAG))
                    && hostname.equalsIgnoreCase(config.get("hostname"));
            return markedForApp || unmarkedLegacy;
        });
    }

    private Outcome destroyIf(String node, int vmid, Predicate<Map<String, String>> owned) {
        Optional<ContainerInfo> container = awaitUnlocked(node, vmid);
        if (container.isEmpty()) {
            return Outcome.GONE;
        }
        if (!owned.test(platform.config(node, vmid))) {
            return Outcome.NOT_OURS;
        }
        platform.delete(node, vmid, true, true);
        return Outcome.DESTROYED;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its status once no task holds it, or empty when it does not exist
     * @throws PlatformTimeoutException when a task kept it locked for the whole wait
     */
    Optional<ContainerInfo> awaitUnlocked(String node, int vmid) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            Optional<ContainerInfo> container = platform.status(node, vmid);
            if (container.isEmpty() || container.get().lock() == null || container.get().lock().isBlank()) {
                return container;
            }
            if (System.nanoTime() >= deadline) {
                throw new PlatformTimeoutException("waiting for CT " + vmid + " on node '" + node + "' to leave lock '"
                        + container.get().lock() + "'", lockWait);
            }
            Pause.sleep(pollInterval, "waiting for CT " + vmid + " to be unlocked");
        }
    }
}
