package dev.proximity.api.store;

/**
 * What {@link AppRepository#upsertIfNewer} did.
 */
public enum UpsertOutcome {
    /** The app was absent and was inserted. */
    CREATED,
    /** The stored app was older and was replaced. */
    UPDATED,
    /** The stored app was as new or newer and was kept. */
    SKIPPED,
    /** The app was not written: a unique field collides with a different app (see {@link UpsertResult#rejection()}). */
    REJECTED
}
