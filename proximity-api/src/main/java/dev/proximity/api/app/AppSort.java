package dev.proximity.api.app;

/**
 * The field an app query is sorted by. Ties are broken by id in the same direction; unknown
 * (null) times count as the smallest, so they come first ascending and last descending. Text
 * compares by code point (binary), the same in every store.
 */
public enum AppSort {
    /** By id. */
    ID,
    /** By display name. */
    NAME,
    /** By hostname. */
    HOSTNAME,
    /** By creation time (unknown times first). */
    CREATED_AT,
    /** By last change (unknown times first). */
    UPDATED_AT
}
