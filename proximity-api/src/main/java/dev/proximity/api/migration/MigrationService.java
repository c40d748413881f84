package dev.proximity.api.migration;

import dev.proximity.api.error.MigrationException;
import dev.proximity.api.error.NotFoundException;

import java.util.List;

/**
 * Moves state from the JSON file into a database without downtime: switch phases, backfill
 * (idempotent, resumable, batched, never modifying the source), and verify.
 */
public interface MigrationService {

    /**
     * Computes what a backfill would do, writing nothing.
     *
     * @param request batch size (the dry-run flag is ignored: a plan never writes)
     * @return the plan
     */
    MigrationPlan plan(MigrationRequest request);

    /**
     * Starts a backfill run and returns once it is recorded; the copy proceeds in the background.
     *
     * @param request batch size and dry-run flag
     * @return the recorded run
     * @throws MigrationException when another run is in progress or the phase does not allow a backfill
     */
    MigrationRun start(MigrationRequest request);

    /**
     * @param runId the run id
     * @return the run as recorded now
     * @throws NotFoundException when there is no such run
     */
    MigrationRun status(String runId);

    /** @return every recorded run, newest first */
    List<MigrationRun> runs();

    /**
     * Asks a running backfill to stop after its current batch.
     *
     * @param runId the run id
     * @return the run as recorded
     * @throws NotFoundException when there is no such run
     */
    MigrationRun cancel(String runId);

    /**
     * Continues a cancelled or failed run after its checkpoint.
     *
     * @param runId the run id
     * @return the run as recorded
     * @throws MigrationException when the run is not resumable
     */
    MigrationRun resume(String runId);

    /**
     * Waits for a run to finish.
     *
     * @param runId the run id
     * @return the finished run and its outcomes
     */
    MigrationReport await(String runId);

    /** @return a record-by-record comparison of the two stores */
    VerifyReport verify();

    /** @return the phase in force */
    MigrationPhase phase();

    /**
     * Switches phase: one step forward or back; ARCHIVED is final.
     *
     * @param target the phase to switch to
     * @return the phase now in force
     * @throws MigrationException when the switch is not allowed
     */
    MigrationPhase switchPhase(MigrationPhase target);
}
