package dev.proximity.api.platform;

import java.util.Locale;

/** An LXC container's run state. */
public enum ContainerState {
    /** Running. */
    RUNNING,
    /** Stopped. */
    STOPPED,
    /** Any other state Proxmox reports. */
    UNKNOWN;

    /**
     * @param text the state text Proxmox sends
     * @return the state, UNKNOWN for anything else
     */
    public static ContainerState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "running" -> RUNNING;
            case "stopped" -> STOPPED;
            default -> UNKNOWN;
        };
    }
}
