package dev.proximity.samples.bench;

import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortManager;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.port.PortUsage;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.Proximity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The port ranges of the allocation benchmarks: two 10,000-port ranges (issue 4), and how a store
 * is brought to a given occupancy.
 *
 * <p>Occupancy is packed from the bottom of each range, because that is the state lowest-free-first
 * allocation produces in real use, and it is the hard case for the allocator: the lowest free port
 * sits above every lease. The occupants' leases are bound (permanent), so they never expire while
 * the cached data waits for the next run.
 */
final class PortBenchPolicy {
    /** The public range: 10,000 ports. */
    static final PortRange PUBLIC = PortRange.parse("20000-29999");
    /** The internal range: 10,000 ports. */
    static final PortRange INTERNAL = PortRange.parse("30000-39999");
    /** The occupancies issue 4 asks for, in percent. */
    static final List<Integer> OCCUPANCIES = List.of(0, 50, 99);
    /** The occupancy of the database the contended benchmark shares. */
    static final int CONTENDED_OCCUPANCY = 50;

    private static final int BATCH = 1000;
    private static final String OCCUPANT_PREFIX = "occupant-";

    private PortBenchPolicy() {
    }

    /**
     * @param store the store holding the leases
     * @return a port manager over the benchmark ranges, wired through the public builder
     */
    static PortManager portManager(ProximityStore store) {
        return Proximity.builder().store(store)
                .publicPorts(PUBLIC.toString()).internalPorts(INTERNAL.toString())
                .reservationTimeout(Duration.ofMinutes(30))
                .build().ports();
    }

    /** @param occupancyPercent 0-100 @return how many pairs fill the ranges to that occupancy */
    static int occupants(int occupancyPercent) {
        return PUBLIC.size() * occupancyPercent / 100;
    }

    /** @param index an occupant's number @return its owner id */
    static String occupant(int index) {
        return String.format(OCCUPANT_PREFIX + "%05d", index);
    }

    /**
     * Fills an empty store to an occupancy: occupant {@code i} holds the {@code i}-th port of each
     * range, bound. Written in transactions of {@value #BATCH} occupants through the lease
     * repository, which gives the same state as allocating one by one, much faster.
     *
     * @param store an empty store
     * @param occupancyPercent 0-100
     */
    static void fill(ProximityStore store, int occupancyPercent) {
        int occupants = occupants(occupancyPercent);
        for (int start = 0; start < occupants; start += BATCH) {
            int first = start;
            int end = Math.min(occupants, start + BATCH);
            store.write(session -> {
                Instant now = Instant.now();
                Instant expiresAt = now.plus(Duration.ofMinutes(30));
                for (int i = first; i < end; i++) {
                    String owner = occupant(i);
                    requireReserved(session.portLeases().reserve(PUBLIC.first() + i, owner, now, expiresAt).isPresent(), PUBLIC.first() + i);
                    requireReserved(session.portLeases().reserve(INTERNAL.first() + i, owner, now, expiresAt).isPresent(), INTERNAL.first() + i);
                    session.portLeases().bind(owner);
                }
                return null;
            });
        }
        requireOccupancy(portManager(store), occupancyPercent, "after filling");
    }

    /**
     * Releases every lease not held by an occupant: what a killed earlier run left behind, so the
     * occupancy is the prepared one again.
     *
     * @param store the store
     * @param ports a port manager over it
     * @return the owners released
     */
    static Set<String> releaseAllButOccupants(ProximityStore store, PortManager ports) {
        Set<String> strays = store.read(session -> {
            Set<String> owners = new TreeSet<>();
            int after = 0;
            List<PortLease> page;
            do {
                page = session.portLeases().listAfter(after, BATCH);
                page.stream().map(PortLease::ownerId).filter(owner -> !owner.startsWith(OCCUPANT_PREFIX)).forEach(owners::add);
                after = page.isEmpty() ? after : page.get(page.size() - 1).port();
            } while (page.size() == BATCH);
            return owners;
        });
        strays.forEach(ports::release);
        return strays;
    }

    private static void requireReserved(boolean reserved, int port) {
        if (!reserved) {
            throw new IllegalStateException("port " + port + " is already leased in a store that should be empty");
        }
    }

    /**
     * @param ports the port manager
     * @param occupancyPercent the expected occupancy
     * @param when for the message
     * @throws IllegalStateException when either range holds another number of live leases
     */
    static void requireOccupancy(PortManager ports, int occupancyPercent, String when) {
        int expected = occupants(occupancyPercent);
        for (PortUsage usage : ports.usage()) {
            if (usage.used() != expected) {
                throw new IllegalStateException("the " + usage.kind() + " range " + usage.rangeText() + " holds " + usage.used()
                        + " live leases " + when + ", expected " + expected + " (" + occupancyPercent
                        + "% occupancy); delete the bench data directory to rebuild it");
            }
        }
    }
}
