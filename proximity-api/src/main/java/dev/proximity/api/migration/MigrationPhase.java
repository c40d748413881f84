package dev.proximity.api.migration;

/**
 * Where a deployment stands in the move from JSON to a database. Phases can be switched at run
 * time and back, until {@link #ARCHIVED}.
 */
public enum MigrationPhase {
    /** Only the JSON file is read and written. */
    JSON_ONLY,
    /** Both are written; JSON is primary (read from, authoritative). Backfill runs in this phase. */
    DUAL_WRITE,
    /** Both are written; the database is read; reads are shadow-compared with JSON. */
    DB_PRIMARY,
    /** Only the database is read and written. */
    DB_ONLY,
    /** The JSON file has been archived; there is no way back. */
    ARCHIVED;

    /**
     * @param target the phase to switch to
     * @return whether the switch is allowed: one step forward or back, never out of ARCHIVED
     */
    public boolean canSwitchTo(MigrationPhase target) {
        if (this == ARCHIVED) {
            return false;
        }
        return Math.abs(target.ordinal() - ordinal()) == 1;
    }
}
