package dev.proximity.api.app;

import java.time.Duration;
import java.util.List;

/**
 * What a reconciliation pass found and did.
 *
 * @param appsChecked how many stored apps were compared with the platform
 * @param containersSeen how many containers the online nodes listed
 * @param unreachableNodes nodes that were not online; their apps were left as they were
 * @param actions every finding and change, in order
 * @param took how long the pass took
 */
public record ReconcileReport(int appsChecked, int containersSeen, List<String> unreachableNodes, List<Action> actions,
                              Duration took) {

    /** Copies the lists. */
    public ReconcileReport {
        unreachableNodes = List.copyOf(unreachableNodes);
        actions = List.copyOf(actions);
    }

    /**
     * @param kind a kind of action
     * @return the actions of that kind
     */
    public List<Action> actions(Kind kind) {
        return actions.stream().filter(action -> action.kind() == kind).toList();
    }

    /**
     * One finding or change.
     *
     * @param appId the app concerned, or null for an orphan container
     * @param vmid the container concerned, or null
     * @param kind what was found or done
     * @param detail a human-readable explanation
     */
    public record Action(String appId, Integer vmid, Kind kind, String detail) {
    }

    /** The kinds of finding and change. */
    public enum Kind {
        /** Stored status refreshed from the container's state. */
        STATUS_REFRESHED,
        /** Stored url refreshed from the container's address. */
        URL_REFRESHED,
        /** The container moved to another node; the stored node was updated. */
        NODE_REFRESHED,
        /** The app's container no longer exists; the app was marked error. */
        MARKED_MISSING,
        /** The app's node did not answer; its status is unknown and was left as it was. */
        NODE_UNREACHABLE,
        /** An app stuck in a transitional status was finished or cleaned up. */
        STUCK_TRANSITION_RESOLVED,
        /** An app in a transitional status is being worked on by a live operation; left alone. */
        IN_PROGRESS,
        /** A container with this installation's marker and no record was destroyed. */
        ORPHAN_DESTROYED,
        /** A container with this installation's marker and no record was found and left (by policy). */
        ORPHAN_REPORTED,
        /** Port leases with no app behind them were released. */
        PORTS_RELEASED,
        /**
         * A backup a crash left creating, restoring or deleting was settled from the storage, or
         * the backup of a removed app was deleted.
         */
        BACKUP_SETTLED,
        /** A snapshot Proximity took for itself (to clone, as an update's restore point) and a crash left was deleted. */
        SNAPSHOT_DELETED,
        /** An app's stack lived under another node's base directory (after a move); it was moved and rewritten. */
        STACK_REBASED,
        /** Deployment logs past the retention period were deleted. */
        LOGS_PRUNED,
        /** Something could not be checked or changed; the detail says what and why. */
        FAILED
    }
}
