package dev.proximity.api.violation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deliberate violation (test scope only): an API class depending on a library. */
public interface ApiClassUsingSlf4j {
    /** @return a logger, which the API must never need */
    static Logger logger() {
        return LoggerFactory.getLogger(ApiClassUsingSlf4j.class);
    }
}
