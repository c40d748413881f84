package dev.proximity.samples.support;

import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * A real store whose commits fail on demand: the chosen writes run their work, then fail as a full
 * disk or a dropped connection would at commit, so nothing they did is kept.
 */
public final class FaultyStore implements ProximityStore {

    private final ProximityStore real;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile IntPredicate failing = n -> false;

    public FaultyStore(ProximityStore real) {
        this.real = real;
    }

    /** @param failing given the write's number (from 1), whether its commit fails */
    public FaultyStore failWhen(IntPredicate failing) {
        this.failing = failing;
        return this;
    }

    /** @return writes attempted so far */
    public int writes() {
        return writes.get();
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        return real.read(work);
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        int number = writes.incrementAndGet();
        boolean fail = failing.test(number);
        return real.write(session -> {
            T result = work.apply(session);
            if (fail) {
                throw new StoreException(real.descriptor() + ": commit failed (injected, write " + number + ")");
            }
            return result;
        });
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        return real.lock(name, wait);
    }

    @Override
    public StoreDescriptor descriptor() {
        return real.descriptor();
    }

    @Override
    public void close() {
        real.close();
    }
}
