package dev.proximity.store.json;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.PortLeaseRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link PortLeaseRepository} over the leases of one transaction, kept sorted by port. Atomicity
 * against other writers comes from the store's write lock; the lowest-free search walks only the
 * leases inside the range.
 */
final class JsonPortLeaseRepository implements PortLeaseRepository {

    private final NavigableMap<Integer, PortLease> leases;
    private final SessionGuard guard;

    JsonPortLeaseRepository(NavigableMap<Integer, PortLease> leases, SessionGuard guard) {
        this.leases = leases;
        this.guard = guard;
    }

    @Override
    public Optional<PortLease> reserveLowestFree(PortRange range, String ownerId, Instant now, Instant expiresAt) {
        guard.beforeChange("reserveLowestFree");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(now, "now");
        int candidate = range.first();
        for (PortLease lease : leases.subMap(range.first(), true, range.last(), true).values()) {
            if (lease.port() > candidate || !lease.isLive(now)) {
                break;
            }
            candidate = lease.port() + 1;
        }
        if (candidate > range.last()) {
            return Optional.empty();
        }
        return Optional.of(put(new PortLease(candidate, ownerId, LeaseState.RESERVED, now, expiresAt)));
    }

    @Override
    public Optional<PortLease> reserve(int port, String ownerId, Instant now, Instant expiresAt) {
        guard.beforeChange("reserve");
        Objects.requireNonNull(now, "now");
        PortLease existing = leases.get(port);
        if (existing != null && existing.ownerId().equals(ownerId)) {
            return Optional.of(existing);
        }
        if (existing != null && existing.isLive(now)) {
            return Optional.empty();
        }
        return Optional.of(put(new PortLease(port, ownerId, LeaseState.RESERVED, now, expiresAt)));
    }

    @Override
    public List<PortLease> bind(String ownerId) {
        guard.beforeChange("bind");
        List<PortLease> bound = new ArrayList<>();
        for (PortLease lease : findByOwner(ownerId)) {
            bound.add(lease.state() == LeaseState.BOUND ? lease
                    : put(new PortLease(lease.port(), ownerId, LeaseState.BOUND, lease.leasedAt(), null)));
        }
        return bound;
    }

    @Override
    public int release(String ownerId) {
        guard.beforeChange("release");
        return removeIf(lease -> lease.ownerId().equals(ownerId));
    }

    @Override
    public Optional<PortLease> find(int port) {
        guard.checkOpen();
        return Optional.ofNullable(leases.get(port));
    }

    @Override
    public List<PortLease> findByOwner(String ownerId) {
        guard.checkOpen();
        return leases.values().stream().filter(lease -> lease.ownerId().equals(ownerId)).toList();
    }

    @Override
    public int countLive(PortRange range, Instant now) {
        guard.checkOpen();
        return (int) leases.subMap(range.first(), true, range.last(), true).values().stream()
                .filter(lease -> lease.isLive(now)).count();
    }

    @Override
    public int deleteExpired(Instant now) {
        guard.beforeChange("deleteExpired");
        Objects.requireNonNull(now, "now");
        return removeIf(lease -> !lease.isLive(now));
    }

    @Override
    public List<PortLease> listAfter(int afterPort, int limit) {
        guard.checkOpen();
        if (limit < 0) {
            throw InvalidRequestException.of("limit", limit, "must not be negative");
        }
        return leases.tailMap(afterPort, false).values().stream().limit(limit).toList();
    }

    @Override
    public void save(PortLease lease) {
        guard.beforeChange("save");
        put(Objects.requireNonNull(lease, "lease"));
    }

    private PortLease put(PortLease lease) {
        leases.put(lease.port(), lease);
        return lease;
    }

    private int removeIf(Predicate<PortLease> doomed) {
        int removed = 0;
        for (Iterator<Map.Entry<Integer, PortLease>> it = leases.entrySet().iterator(); it.hasNext(); ) {
            if (doomed.test(it.next().getValue())) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
