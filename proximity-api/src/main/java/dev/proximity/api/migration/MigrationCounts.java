package dev.proximity.api.migration;

/**
 * Per-record outcomes of a backfill so far.
 *
 * @param created records inserted into the target
 * @param updated records replaced because the source was newer
 * @param skipped records left because the target was as new or newer
 * @param errors records that could not be read or written
 */
public record MigrationCounts(long created, long updated, long skipped, long errors) {

    /** No records yet. */
    public static final MigrationCounts ZERO = new MigrationCounts(0, 0, 0, 0);

    /** @return every record counted */
    public long total() {
        return created + updated + skipped + errors;
    }

    /**
     * @param other more counts
     * @return the sum
     */
    public MigrationCounts plus(MigrationCounts other) {
        return new MigrationCounts(created + other.created, updated + other.updated, skipped + other.skipped,
                errors + other.errors);
    }
}
