package dev.proximity.core;

/**
 * What a dual-write store does when its secondary store fails a mirrored write.
 */
public enum SecondaryFailurePolicy {
    /** Fail the call: neither store keeps the write (the default). */
    FAIL,
    /**
     * Keep the write in the primary and record what the secondary missed in a persisted repair
     * queue (in the primary, in the same transaction), for {@code repair} to replay later.
     */
    QUEUE
}
