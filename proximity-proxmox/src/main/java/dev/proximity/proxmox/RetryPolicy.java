package dev.proximity.proxmox;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a call is repeated when it failed in a way that is safe to repeat
 * (an idempotent read, a proxy failure before the request reached its node, a lock timeout).
 *
 * @param maxAttempts attempts in all, including the first (1 means no retries)
 * @param initialBackoff the wait before the first retry; doubled for each further retry
 * @param maxBackoff the cap on a single wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Validates the policy. */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, was " + initialBackoff + ".." + maxBackoff);
        }
    }

    /** @return 4 attempts, 250 ms doubling to 4 s */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    /**
     * @param retry the retry number, 1 for the first retry
     * @return how long to wait before it
     */
    Duration backoffBefore(int retry) {
        long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
