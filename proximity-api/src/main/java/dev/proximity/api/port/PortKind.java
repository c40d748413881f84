package dev.proximity.api.port;

/** Which of the two ranges a port belongs to. */
public enum PortKind {
    /** The host-facing port (default range 8100-8999). */
    PUBLIC,
    /** The internal port (default range 9100-9999). */
    INTERNAL;

    /** @return a lower-case label for messages */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
