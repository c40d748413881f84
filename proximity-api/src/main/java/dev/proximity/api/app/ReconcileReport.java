package dev.proximity.api.app;

import java.util.List;

/**
 * What a reconciliation pass found and did.
 *
 * @param appsChecked how many stored apps were compared with the platform
 * @param containersSeen how many containers the platform listed
 * @param actions every change made, in order
 */
public record ReconcileReport(int appsChecked, int containersSeen, List<Action> actions) {

    /** Copies the actions. */
    public ReconcileReport {
        actions = List.copyOf(actions);
    }

    /**
     * One change made by reconciliation.
     *
     * @param appId the app concerned, or null for an orphan container
     * @param vmid the container concerned, or null
     * @param kind what was done
     * @param detail a human-readable explanation
     */
    public record Action(String appId, Integer vmid, Kind kind, String detail) {
    }

    /** The kinds of change reconciliation makes. */
    public enum Kind {
        /** Stored status or url refreshed from the platform. */
        STATUS_REFRESHED,
        /** The app's container no longer exists. */
        MARKED_MISSING,
        /** An app stuck in a transitional state was finished or failed. */
        STUCK_TRANSITION_RESOLVED,
        /** A container created by this library with no app behind it was destroyed. */
        ORPHAN_DESTROYED,
        /** Port leases with no app behind them were released. */
        PORTS_RELEASED
    }
}
