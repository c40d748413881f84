package dev.proximity.api.app;

/** Sort direction. */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
