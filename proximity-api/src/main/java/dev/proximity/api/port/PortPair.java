package dev.proximity.api.port;

import dev.proximity.api.Validation;

/**
 * The public and internal port of one app.
 *
 * @param publicPort the public port
 * @param internalPort the internal port
 */
public record PortPair(int publicPort, int internalPort) {
    /** Checks both ports lie in 1-65535 and differ. */
    public PortPair {
        Validation.inRange(publicPort, 1, 65535, "publicPort");
        Validation.inRange(internalPort, 1, 65535, "internalPort");
        Validation.errors().check(publicPort == internalPort, "internalPort", internalPort, "must differ from publicPort")
                .throwIfAny("port pair");
    }
}
