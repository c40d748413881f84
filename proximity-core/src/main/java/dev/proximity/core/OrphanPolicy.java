package dev.proximity.core;

/**
 * What reconciliation does with a container that carries this installation's marker but that no
 * app record explains (a crash between create and record, or a record removed by hand).
 */
public enum OrphanPolicy {
    /** Destroy it (the default): only this installation ever creates containers with its marker. */
    DESTROY,
    /** Leave it and list it in the report. */
    REPORT
}
