package dev.proximity.core.internal.port;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PortUnavailableException;
import dev.proximity.api.error.PortsExhaustedException;
import dev.proximity.api.port.PortKind;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortManager;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortPolicy;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.port.PortRequest;
import dev.proximity.api.port.PortUsage;
import dev.proximity.api.store.PortLeaseRepository;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PortManager} that keeps one lease per port in the store. Uniqueness across threads,
 * processes and hosts comes from the store: each allocation is one write transaction and the
 * store's lease operations are atomic, so this class holds no state of its own.
 */
public final class LeasingPortManager implements PortManager {
    private static final Logger log = LoggerFactory.getLogger(LeasingPortManager.class);

    private final ProximityStore store;
    private final PortPolicy policy;
    private final Clock clock;

    /**
     * @param store where leases live
     * @param policy ranges and reservation timeout
     * @param clock the time source (reservation expiry)
     */
    public LeasingPortManager(ProximityStore store, PortPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PortPair allocate(String ownerId, PortRequest request) {
        Instant now = clock.instant();
        PortPair pair = store.write(session -> reserveIn(session, ownerId, request, now));
        log.debug("reserved ports {} for {}", pair, ownerId);
        return pair;
    }

    /**
     * {@link #allocate} inside a transaction the caller runs, so ports can be reserved in the same
     * commit as the record that will own them (a deploy's intent).
     *
     * @param session the caller's write session
     * @param ownerId the owner
     * @param request specific ports, or any
     * @param now the current time
     * @return the reserved pair
     * @throws PortsExhaustedException naming the range that ran out
     * @throws PortUnavailableException when a requested port is held by another owner
     * @throws InvalidRequestException when a requested port lies outside its range
     */
    public PortPair reserveIn(StoreSession session, String ownerId, PortRequest request, Instant now) {
        requireOwner(ownerId);
        Objects.requireNonNull(request, "request");
        requireInRange(PortKind.PUBLIC, request.publicPort());
        requireInRange(PortKind.INTERNAL, request.internalPort());
        Instant expiresAt = now.plus(policy.reservationTimeout());
        PortLeaseRepository leases = session.portLeases();
        List<PortLease> held = leases.findByOwner(ownerId);
        if (held.stream().anyMatch(lease -> !lease.isLive(now))) {
            // the owner's own reservation ran out (its deploy stalled): start over with fresh leases
            leases.release(ownerId);
            held = List.of();
        }
        int publicPort = take(leases, PortKind.PUBLIC, request.publicPort(), held, ownerId, now, expiresAt);
        int internalPort = take(leases, PortKind.INTERNAL, request.internalPort(), held, ownerId, now, expiresAt);
        return new PortPair(publicPort, internalPort);
    }

    /**
     * Takes one port of a kind for the owner: the one it already holds (allocation is idempotent),
     * the one asked for, or the lowest free one.
     */
    private int take(PortLeaseRepository leases, PortKind kind, Integer wanted, List<PortLease> held, String ownerId,
                     Instant now, Instant expiresAt) {
        PortRange range = policy.range(kind);
        Optional<PortLease> already = held.stream().filter(l -> range.contains(l.port())).findFirst();
        if (already.isPresent()) {
            int port = already.get().port();
            if (wanted != null && wanted != port) {
                throw InvalidRequestException.of(kind.label() + "Port", wanted, "cannot be given to '" + ownerId
                        + "', which already holds " + kind.label() + " port " + port + "; release it first");
            }
            return port;
        }
        if (wanted == null) {
            return leases.reserveLowestFree(range, ownerId, now, expiresAt)
                    .orElseThrow(() -> new PortsExhaustedException(kind, range)).port();
        }
        return leases.reserve(wanted, ownerId, now, expiresAt)
                .orElseThrow(() -> new PortUnavailableException(wanted, leases.find(wanted).map(PortLease::ownerId).orElse(null)))
                .port();
    }

    @Override
    public Optional<PortPair> bind(String ownerId) {
        requireOwner(ownerId);
        return store.write(session -> toPair(session.portLeases().bind(ownerId)));
    }

    @Override
    public int release(String ownerId) {
        requireOwner(ownerId);
        int released = store.write(session -> session.portLeases().release(ownerId));
        if (released > 0) {
            log.debug("released {} port lease(s) of {}", released, ownerId);
        }
        return released;
    }

    @Override
    public boolean isAvailable(int port) {
        if (!policy.publicRange().contains(port) && !policy.internalRange().contains(port)) {
            return false;
        }
        Instant now = clock.instant();
        return store.read(session -> session.portLeases().find(port)).map(lease -> !lease.isLive(now)).orElse(true);
    }

    @Override
    public Optional<PortPair> leasedBy(String ownerId) {
        requireOwner(ownerId);
        Instant now = clock.instant();
        return store.read(session -> toPair(liveLeases(session.portLeases(), ownerId, now)));
    }

    @Override
    public List<PortUsage> usage() {
        Instant now = clock.instant();
        return store.read(session -> List.of(usage(session.portLeases(), PortKind.PUBLIC, now),
                usage(session.portLeases(), PortKind.INTERNAL, now)));
    }

    private PortUsage usage(PortLeaseRepository leases, PortKind kind, Instant now) {
        PortRange range = policy.range(kind);
        int used = leases.countLive(range, now);
        return new PortUsage(kind, range, used, range.size() - used, range.size());
    }

    @Override
    public int reclaimExpired() {
        int reclaimed = store.write(session -> session.portLeases().deleteExpired(clock.instant()));
        if (reclaimed > 0) {
            log.info("reclaimed {} expired port reservation(s)", reclaimed);
        }
        return reclaimed;
    }

    @Override
    public PortPolicy policy() {
        return policy;
    }

    private static List<PortLease> liveLeases(PortLeaseRepository leases, String ownerId, Instant now) {
        return leases.findByOwner(ownerId).stream().filter(lease -> lease.isLive(now)).toList();
    }

    private Optional<PortPair> toPair(List<PortLease> leases) {
        Optional<Integer> publicPort = portIn(leases, policy.publicRange());
        Optional<Integer> internalPort = portIn(leases, policy.internalRange());
        return publicPort.isPresent() && internalPort.isPresent()
                ? Optional.of(new PortPair(publicPort.get(), internalPort.get()))
                : Optional.empty();
    }

    private static Optional<Integer> portIn(List<PortLease> leases, PortRange range) {
        return leases.stream().map(PortLease::port).filter(range::contains).findFirst();
    }

    private void requireInRange(PortKind kind, Integer port) {
        PortRange range = policy.range(kind);
        if (port != null && !range.contains(port)) {
            throw InvalidRequestException.of(kind.label() + "Port", port,
                    "is outside the " + kind.label() + " range " + range);
        }
    }

    private static void requireOwner(String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            throw InvalidRequestException.of("ownerId", ownerId, "must not be blank");
        }
    }
}
