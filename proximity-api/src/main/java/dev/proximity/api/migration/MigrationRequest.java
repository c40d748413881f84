package dev.proximity.api.migration;

import dev.proximity.api.Validation;

/**
 * How to run a backfill.
 *
 * @param batchSize records per transaction, 1 to 10000
 * @param dryRun report what would happen without writing anything
 * @param defaultOwner the owner given to apps that have none (the original gave them to its first
 *                     admin), or null to leave them without one
 */
public record MigrationRequest(int batchSize, boolean dryRun, String defaultOwner) {

    /** The default batch size: large enough that commits (an fsync each) and index page visits amortize, small enough to resume cheaply. */
    public static final int DEFAULT_BATCH_SIZE = 5000;

    /** Validates the batch size and the owner. */
    public MigrationRequest {
        Validation.inRange(batchSize, 1, 10_000, "batchSize");
        if (defaultOwner != null && defaultOwner.isBlank()) {
            defaultOwner = null;
        }
    }

    /**
     * @param batchSize records per transaction
     * @param dryRun report without writing
     */
    public MigrationRequest(int batchSize, boolean dryRun) {
        this(batchSize, dryRun, null);
    }

    /** @return a real run with the default batch size */
    public static MigrationRequest defaults() {
        return new MigrationRequest(DEFAULT_BATCH_SIZE, false, null);
    }

    /**
     * @param owner the owner for apps without one
     * @return a copy with that default owner
     */
    public MigrationRequest withDefaultOwner(String owner) {
        return new MigrationRequest(batchSize, dryRun, owner);
    }
}
