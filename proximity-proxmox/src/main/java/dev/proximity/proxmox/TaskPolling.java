package dev.proximity.proxmox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client waits for a task (UPID): a quick first look, then a poll each time another
 * twentieth of the task's age has passed, within {@code [firstPoll, maxInterval]}. A task is thus seen
 * finished at most 5 % of its running time (and at most {@code maxInterval}) after it ended, however
 * long it ran, while a long task is polled rarely.
 *
 * @param firstPoll the wait before the first status poll
 * @param maxInterval the longest wait between polls
 * @param defaultTimeout how long a task may run when the caller names no deadline
 * @param noSuchTaskGrace how long a fresh task may answer {@code no such task} before that is believed
 */
public record TaskPolling(Duration firstPoll, Duration maxInterval, Duration defaultTimeout, Duration noSuchTaskGrace) {

    /** Validates the settings. */
    public TaskPolling {
        Objects.requireNonNull(firstPoll, "firstPoll");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(noSuchTaskGrace, "noSuchTaskGrace");
        if (firstPoll.isNegative() || maxInterval.compareTo(firstPoll) < 0 || maxInterval.isZero()) {
            throw new IllegalArgumentException("polling must satisfy 0 <= first <= max and max > 0, was "
                    + firstPoll + ".." + maxInterval);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || noSuchTaskGrace.isNegative()) {
            throw new IllegalArgumentException("task timeout must be positive and the grace not negative");
        }
    }

    /** @return polls from 25 ms apart up to 2 s apart, a 10 min deadline, 5 s grace for {@code no such task} */
    public static TaskPolling defaults() {
        return new TaskPolling(Duration.ofMillis(25), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(5));
    }

    /**
     * @param age how long the task has been waited for
     * @return the pause before the next poll: a twentieth of the age, within {@code [firstPoll, maxInterval]}
     */
    Duration intervalAfter(Duration age) {
        Duration twentieth = age.dividedBy(20);
        return twentieth.compareTo(firstPoll) < 0 ? firstPoll : twentieth.compareTo(maxInterval) > 0 ? maxInterval : twentieth;
    }
}
