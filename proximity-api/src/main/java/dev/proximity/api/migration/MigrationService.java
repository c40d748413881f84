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
    default MigrationRun start(MigrationRequest request) {
        return start(request, MigrationListener.NONE);
    }

    /**
     * {@link #start(MigrationRequest)}, telling {@code listener} of the run's progress.
     *
     * @param request batch size, dry-run flag, default owner
     * @param listener told after each batch; called on the run's thread
     * @return the recorded run
     * @throws MigrationException when another run is in progress or the phase does not allow a backfill
     */
    MigrationRun start(MigrationRequest request, MigrationListener listener);

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
     * Continues a cancelled, failed or interrupted run after its checkpoint.
     *
     * @param runId the run id
     * @return the run as recorded
     * @throws MigrationException when the run is not resumable
     */
    default MigrationRun resume(String runId) {
        return resume(runId, MigrationListener.NONE);
    }

    /**
     * @param runId the run
     * @param listener told after each batch
     * @return the run, running again
     * @throws MigrationException when the run is not resumable
     */
    MigrationRun resume(String runId, MigrationListener listener);

    /**
     * Waits for a run to finish.
     *
     * @param runId the run id
     * @return the finished run and its outcomes
     */
    MigrationReport await(String runId);

    /** @return a record-by-record comparison of the two stores */
    VerifyReport verify();

    /**
     * Replays what one store of the dual-write store missed (the repair queue, and writes whose
     * second commit was never confirmed, e.g. after a crash), copying each named record's current
     * value from the store that holds the truth.
     *
     * @return what was found and replayed
     * @throws MigrationException when this service has no dual-write store
     */
    RepairReport repair();

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
