package dev.proximity.core.internal.app;

import dev.proximity.core.ContainerDefaults;
import dev.proximity.core.FailedDeployPolicy;
import dev.proximity.core.OrphanPolicy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the app use cases are configured with, validated by the builder.
 *
 * @param container how containers are created
 * @param appDirectory where stacks live inside containers, e.g. {@code /opt/proximity}
 * @param failedDeployPolicy what becomes of a failed deploy's record
 * @param orphanPolicy what reconcile does with marked containers that no record explains
 * @param dockerInstallTimeout how long installing Docker may take
 * @param commandTimeout how long one compose command may take (pulls included)
 * @param healthTimeout how long an app may take to answer on its port after {@code compose up}
 * @param pollInterval pause between polls (health probe, address, lock)
 * @param addressTimeout how long a started container may take to get an address
 * @param stopTimeout how long a clean shutdown may take before it turns into a hard stop
 * @param lockWait how long an action waits for another action on the same app (or a busy container lock)
 * @param reconcileLockWait how long reconcile waits for a pass another process runs
 * @param stuckAfter how long a transitional status may last before reconcile resolves it
 * @param logRetention how long logs of removed apps are kept (zero: removed with the app)
 * @param vmidAttempts how many vmids a deploy tries when concurrent creators take them
 * @param backupStorage the storage backups go to unless a request names one
 * @param backupLockWait how long a backup waits for another backup on its node (vzdump runs one per node)
 * @param nodeAppDirectories where stacks live inside containers on the nodes that keep app data under another
 *                           base path than {@code appDirectory}, by node
 */
public record AppSettings(ContainerDefaults container, String appDirectory, FailedDeployPolicy failedDeployPolicy,
                          OrphanPolicy orphanPolicy, Duration dockerInstallTimeout, Duration commandTimeout,
                          Duration healthTimeout, Duration pollInterval, Duration addressTimeout, Duration stopTimeout,
                          Duration lockWait, Duration reconcileLockWait, Duration stuckAfter, Duration logRetention,
                          int vmidAttempts, String backupStorage, Duration backupLockWait,
                          Map<String, String> nodeAppDirectories) {

    /** Requires every field. */
    public AppSettings {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(appDirectory, "appDirectory");
        Objects.requireNonNull(failedDeployPolicy, "failedDeployPolicy");
        Objects.requireNonNull(orphanPolicy, "orphanPolicy");
        Objects.requireNonNull(backupStorage, "backupStorage");
        nodeAppDirectories = Map.copyOf(nodeAppDirectories);
        for (Duration duration : new Duration[] {dockerInstallTimeout, commandTimeout, healthTimeout, pollInterval,
                addressTimeout, stopTimeout, lockWait, reconcileLockWait, stuckAfter, logRetention, backupLockWait}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("durations must be zero or positive, was " + duration);
            }
        }
        if (vmidAttempts < 1) {
            throw new IllegalArgumentException("vmidAttempts must be at least 1, was " + vmidAttempts);
        }
    }

    /** @return the defaults used by {@code Proximity.builder()} */
    public static AppSettings defaults() {
        return new AppSettings(ContainerDefaults.defaults(), "/opt/proximity", FailedDeployPolicy.REMOVE,
                OrphanPolicy.DESTROY, Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofMinutes(3),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofDays(30), 10, "local", Duration.ofMinutes(10), Map.of());
    }

    /**
     * @param node a node
     * @return where stacks live inside containers on that node
     */
    public String appDirectoryOn(String node) {
        return node == null ? appDirectory : nodeAppDirectories.getOrDefault(node, appDirectory);
    }
}
