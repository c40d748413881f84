package dev.proximity.api.port;

/** The state of a port lease. */
public enum LeaseState {
    /** Held for a deploy in progress; reclaimable once it expires. */
    RESERVED,
    /** Held by a stored app; never reclaimed automatically. */
    BOUND
}
