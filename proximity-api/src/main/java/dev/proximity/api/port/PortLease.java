package dev.proximity.api.port;

import dev.proximity.api.Validation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One port held by one owner.
 *
 * @param port the port
 * @param ownerId the owner, an app id
 * @param state reserved or bound
 * @param leasedAt when the lease was taken (milliseconds)
 * @param expiresAt when a reservation may be reclaimed (milliseconds); null once bound
 */
public record PortLease(int port, String ownerId, LeaseState state, Instant leasedAt, Instant expiresAt) {

    /** Validates the lease; a reservation must expire, a bound lease must not. */
    public PortLease {
        Validation.inRange(port, 1, 65535, "port");
        Validation.requiredText(ownerId, "ownerId");
        Validation.required(state, "state");
        leasedAt = Validation.required(leasedAt, "leasedAt").truncatedTo(ChronoUnit.MILLIS);
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS);
        Validation.errors()
                .check(state == LeaseState.RESERVED && expiresAt == null, "expiresAt", null, "is required for a reservation")
                .check(state == LeaseState.BOUND && expiresAt != null, "expiresAt", expiresAt, "must be null for a bound lease")
                .throwIfAny("port lease " + port);
    }

    /**
     * @param now the current time
     * @return whether the lease still holds its port at {@code now}: bound, or reserved and not expired
     */
    public boolean isLive(Instant now) {
        return state == LeaseState.BOUND || expiresAt.isAfter(now);
    }
}
