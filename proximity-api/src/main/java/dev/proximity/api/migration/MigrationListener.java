package dev.proximity.api.migration;

/**
 * Follows a backfill run, for progress displays. Called on the run's thread after each batch;
 * keep it quick. Exceptions it throws are logged and ignored.
 */
@FunctionalInterface
public interface MigrationListener {

    /** Ignores everything. */
    MigrationListener NONE = run -> { };

    /**
     * @param run the run as it stands: progress, counts, the latest problems
     */
    void progress(MigrationRun run);
}
