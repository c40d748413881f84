package dev.proximity.api.platform;

/** A Proxmox node's status as the cluster reports it. */
public enum NodeStatus {
    /** Reachable. */
    ONLINE,
    /** Known to be down. */
    OFFLINE,
    /** Not known (the cluster has no quorum view of it). */
    UNKNOWN
}
