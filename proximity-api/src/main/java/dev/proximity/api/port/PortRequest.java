package dev.proximity.api.port;

/**
 * Which ports an allocation asks for: a specific port per kind, or null for the lowest free one.
 *
 * @param publicPort a specific public port, or null
 * @param internalPort a specific internal port, or null
 */
public record PortRequest(Integer publicPort, Integer internalPort) {
    /** The lowest free port of each range. */
    public static final PortRequest ANY = new PortRequest(null, null);
}
