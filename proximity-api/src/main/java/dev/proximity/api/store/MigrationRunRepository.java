package dev.proximity.api.store;

import dev.proximity.api.migration.MigrationRun;

import java.util.List;
import java.util.Optional;

/**
 * Recorded migration runs, so a run survives restarts.
 */
public interface MigrationRunRepository {

    /** @param run the run to insert or replace (by id) */
    void save(MigrationRun run);

    /**
     * @param runId the run id
     * @return the run, if recorded
     */
    Optional<MigrationRun> find(String runId);

    /** @return every run, newest start first */
    List<MigrationRun> list();
}
