package dev.proximity.api.port;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PortUnavailableException;
import dev.proximity.api.error.PortsExhaustedException;

import java.util.List;
import java.util.Optional;

/**
 * Hands out public/internal port pairs so that no port ever has two owners, across threads,
 * processes and hosts sharing a store.
 */
public interface PortManager {

    /**
     * Reserves the lowest free pair for an owner. The reservation expires after the policy's
     * timeout unless {@link #bind bound}.
     *
     * @param ownerId the owner (an app id)
     * @return the reserved pair
     * @throws PortsExhaustedException naming the range that ran out
     */
    default PortPair allocate(String ownerId) {
        return allocate(ownerId, PortRequest.ANY);
    }

    /**
     * Reserves a pair, honouring specific ports where asked. A specific port that is taken or out
     * of range is an error, never silently replaced. If the owner already holds a live pair, that
     * pair is returned (allocation is idempotent per owner); asking it for a different specific port
     * is an error. An owner whose reservation expired gets fresh leases.
     *
     * @param ownerId the owner (an app id)
     * @param request specific ports, or nulls for the lowest free ones
     * @return the reserved pair
     * @throws PortsExhaustedException naming the range that ran out
     * @throws PortUnavailableException when a requested port is held by another owner
     * @throws InvalidRequestException when a requested port lies outside its range
     */
    PortPair allocate(String ownerId, PortRequest request);

    /**
     * Turns the owner's reservation into a permanent lease (its app is stored).
     *
     * @param ownerId the owner
     * @return the bound pair, or empty when the owner holds nothing
     */
    Optional<PortPair> bind(String ownerId);

    /**
     * Returns the owner's ports to the pool. Releasing twice is harmless.
     *
     * @param ownerId the owner
     * @return how many leases were released
     */
    int release(String ownerId);

    /**
     * @param port a port
     * @return whether the port lies in a managed range and no live lease holds it
     */
    boolean isAvailable(int port);

    /**
     * @param ownerId the owner
     * @return the pair the owner holds, if any
     */
    Optional<PortPair> leasedBy(String ownerId);

    /**
     * @return usage of the public range, then the internal range
     */
    List<PortUsage> usage();

    /**
     * Deletes reservations older than the policy's timeout. Allocation reclaims them anyway; this
     * tidies the store.
     *
     * @return how many leases were reclaimed
     */
    int reclaimExpired();

    /** @return the ranges and timeout in force */
    PortPolicy policy();
}
