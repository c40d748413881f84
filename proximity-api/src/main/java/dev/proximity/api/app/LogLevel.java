package dev.proximity.api.app;

/** The level of a deployment log entry. */
public enum LogLevel {
    /** A step went as planned. */
    INFO,
    /** Something unexpected that did not stop the deploy. */
    WARNING,
    /** A step failed. */
    ERROR
}
