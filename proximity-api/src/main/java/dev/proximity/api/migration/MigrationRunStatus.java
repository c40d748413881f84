package dev.proximity.api.migration;

/** The state of a migration run. */
public enum MigrationRunStatus {
    /** Recorded, not started. */
    PENDING,
    /** Copying. */
    RUNNING,
    /** Cancelled by a user; can be resumed. */
    CANCELLED,
    /** Stopped by an error; can be resumed. */
    FAILED,
    /** Its process died while it ran (found recorded as running with nobody running it); can be resumed. */
    INTERRUPTED,
    /** Every record processed. */
    COMPLETED;

    /** @return whether a run in this state may be resumed */
    public boolean isResumable() {
        return this == CANCELLED || this == FAILED || this == INTERRUPTED || this == PENDING;
    }
}
