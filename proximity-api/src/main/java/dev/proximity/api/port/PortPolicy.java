package dev.proximity.api.port;

import dev.proximity.api.Validation;

import java.time.Duration;

/**
 * How ports are handed out: the two ranges and how long an unbound reservation survives.
 *
 * @param publicRange the public range
 * @param internalRange the internal range, disjoint from the public one
 * @param reservationTimeout how long a reservation whose deploy never bound it is kept before the
 *                           ports may be reclaimed; positive
 */
public record PortPolicy(PortRange publicRange, PortRange internalRange, Duration reservationTimeout) {

    /** The default public range. */
    public static final PortRange DEFAULT_PUBLIC = new PortRange(8100, 8999);
    /** The default internal range. */
    public static final PortRange DEFAULT_INTERNAL = new PortRange(9100, 9999);
    /** The default reservation timeout. */
    public static final Duration DEFAULT_RESERVATION_TIMEOUT = Duration.ofMinutes(30);

    /** Rejects overlapping ranges and non-positive timeouts. */
    public PortPolicy {
        Validation.required(publicRange, "publicRange");
        Validation.required(internalRange, "internalRange");
        Validation.required(reservationTimeout, "reservationTimeout");
        Validation.errors()
                .check(publicRange.overlaps(internalRange), "internalRange", internalRange,
                        "overlaps the public range " + publicRange + "; the two ranges must be disjoint")
                .check(reservationTimeout.isNegative() || reservationTimeout.isZero(), "reservationTimeout",
                        reservationTimeout, "must be positive")
                .throwIfAny("port policy");
    }

    /** @return the defaults: 8100-8999, 9100-9999, 30 minutes */
    public static PortPolicy defaults() {
        return new PortPolicy(DEFAULT_PUBLIC, DEFAULT_INTERNAL, DEFAULT_RESERVATION_TIMEOUT);
    }

    /**
     * @param kind which range
     * @return that range
     */
    public PortRange range(PortKind kind) {
        return kind == PortKind.PUBLIC ? publicRange : internalRange;
    }
}
