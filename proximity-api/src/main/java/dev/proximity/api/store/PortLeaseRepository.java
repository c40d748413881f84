package dev.proximity.api.store;

import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port leases in a store, one per port. A port is free when it has no lease or only a reservation
 * that expired at or before "now". Implementations make {@link #reserveLowestFree} and
 * {@link #reserve} atomic against every other writer of the store, and keep
 * {@code reserveLowestFree} fast however full the range is.
 */
public interface PortLeaseRepository {

    /**
     * Reserves the lowest free port of a range, taking over an expired reservation if that is lowest.
     *
     * @param range the range to search
     * @param ownerId the new owner
     * @param now the current time
     * @param expiresAt when the reservation may be reclaimed
     * @return the new lease, or empty when the range is full
     */
    Optional<PortLease> reserveLowestFree(PortRange range, String ownerId, Instant now, Instant expiresAt);

    /**
     * Reserves a specific port if it is free (or already held by the same owner, which is returned).
     *
     * @param port the port
     * @param ownerId the new owner
     * @param now the current time
     * @param expiresAt when the reservation may be reclaimed
     * @return the lease, or empty when another owner holds the port
     */
    Optional<PortLease> reserve(int port, String ownerId, Instant now, Instant expiresAt);

    /**
     * Binds every lease of an owner (reserved becomes bound, expiry cleared).
     *
     * @param ownerId the owner
     * @return the owner's leases after binding, ordered by port
     */
    List<PortLease> bind(String ownerId);

    /**
     * @param ownerId the owner
     * @return how many leases were deleted
     */
    int release(String ownerId);

    /**
     * @param port a port
     * @return its lease, live or expired, if any
     */
    Optional<PortLease> find(int port);

    /**
     * @param ownerId the owner
     * @return its leases (live or expired), ordered by port
     */
    List<PortLease> findByOwner(String ownerId);

    /**
     * @param range a range
     * @param now the current time
     * @return how many ports of the range a live lease holds
     */
    int countLive(PortRange range, Instant now);

    /**
     * @param now the current time
     * @return how many expired reservations were deleted
     */
    int deleteExpired(Instant now);

    /**
     * Keyset paging by port, for streaming every lease.
     *
     * @param afterPort return leases above this port; 0 to start at the beginning
     * @param limit the most leases to return
     * @return up to {@code limit} leases ordered by port
     */
    List<PortLease> listAfter(int afterPort, int limit);

    /**
     * Writes a lease as given, replacing any lease of that port (migration copy).
     *
     * @param lease the lease
     */
    void save(PortLease lease);
}
