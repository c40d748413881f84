package dev.proximity.core.violation;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberate violation (test scope only): core parsing JSON itself instead of using a port. */
public final class CoreClassUsingJackson {
    private final ObjectMapper mapper = new ObjectMapper();

    /** @return the mapper */
    public ObjectMapper mapper() {
        return mapper;
    }
}
