package dev.proximity.api.error;

import dev.proximity.api.port.PortKind;
import dev.proximity.api.port.PortRange;

/**
 * Every port of a range is held by a live lease.
 */
public class PortsExhaustedException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final PortKind kind;
    private final PortRange range;

    /**
     * @param kind which range ran out
     * @param range the range
     */
    public PortsExhaustedException(PortKind kind, PortRange range) {
        super("no free " + kind.label() + " port: all " + range.size() + " ports of range " + range
                + " are leased; release apps or widen the range");
        this.kind = kind;
        this.range = range;
    }

    /** @return which range ran out */
    public PortKind kind() {
        return kind;
    }

    /** @return the exhausted range */
    public PortRange range() {
        return range;
    }
}
