package dev.proximity.api.error;

/**
 * A specific port was asked for and another owner holds it. Never silently replaced by another port.
 */
public class PortUnavailableException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final int port;
    private final String heldBy;

    /**
     * @param port the port asked for
     * @param heldBy the owner holding it (may be null when unknown)
     */
    public PortUnavailableException(int port, String heldBy) {
        super("port " + port + " is not available" + (heldBy == null ? "" : ": held by '" + heldBy + "'"));
        this.port = port;
        this.heldBy = heldBy;
    }

    /** @return the port asked for */
    public int port() {
        return port;
    }

    /** @return the owner holding it, or null when unknown */
    public String heldBy() {
        return heldBy;
    }
}
