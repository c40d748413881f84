package dev.proximity.core;

/** What becomes of an app's record once a failed deploy was undone. Its log is kept either way. */
public enum FailedDeployPolicy {
    /** The record is removed: the hostname is free for another try (the default). */
    REMOVE,
    /** The record stays with status {@code error} (no container, no ports) until deleted. */
    KEEP_AS_ERROR
}
