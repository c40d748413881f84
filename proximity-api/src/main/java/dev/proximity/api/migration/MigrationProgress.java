package dev.proximity.api.migration;

/**
 * How far a backfill got; {@code lastId} is the checkpoint a resumed run continues after.
 *
 * @param processed records processed
 * @param total records in the source when the run started
 * @param lastId the id of the last record committed, or null before the first batch
 */
public record MigrationProgress(long processed, long total, String lastId) {

    /** @return percentage done, 0 to 100 */
    public double percent() {
        return total == 0 ? 100.0 : Math.min(100.0, 100.0 * processed / total);
    }
}
