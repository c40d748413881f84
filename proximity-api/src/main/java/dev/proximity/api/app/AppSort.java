package dev.proximity.api.app;

/** The field an app query is sorted by; ties are broken by id. */
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
