package dev.proximity.api.migration;

import dev.proximity.api.Validation;

/**
 * How to run a backfill.
 *
 * @param batchSize records per transaction, 1 to 10000
 * @param dryRun report what would happen without writing anything
 */
public record MigrationRequest(int batchSize, boolean dryRun) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    /** Validates the batch size. */
    public MigrationRequest {
        Validation.inRange(batchSize, 1, 10_000, "batchSize");
    }

    /** @return a real run with the default batch size */
    public static MigrationRequest defaults() {
        return new MigrationRequest(DEFAULT_BATCH_SIZE, false);
    }
}
