package dev.proximity.proxmox.simulator;

/**
 * Which generation of Proxmox VE the simulator imitates where answers differ between versions.
 */
public enum ApiFlavor {
    /**
     * Older servers: {@code vmid} is a string in container lists, interfaces lack {@code ip-addresses},
     * error bodies carry no {@code message}, a bad ticket is {@code permission denied - invalid PVE ticket},
     * new containers default to privileged.
     */
    LEGACY,
    /**
     * Servers from 2025 on: {@code vmid} is a number, interfaces add {@code ip-addresses}, error bodies
     * add {@code message}, a bad ticket is {@code Authentication failed!}, containers default to unprivileged.
     */
    CURRENT
}
