package dev.proximity.api.migration;

/** The state of a migration run. */
public enum MigrationRunStatus {
    /** Recorded, not started. */
    PENDING,
    /** Copying. */
    RUNNING,
    /** Cancelled by a user; can be resumed. */
    CANCELLED,
    /** Stopped by an error or a crash; can be resumed. */
    FAILED,
    /** Every record processed. */
    COMPLETED;

    /** @return whether a run in this state may be resumed */
    public boolean isResumable() {
        return this == CANCELLED || this == FAILED || this == PENDING;
    }
}
