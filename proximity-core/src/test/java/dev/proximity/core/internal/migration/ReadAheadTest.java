package dev.proximity.core.internal.migration;

import dev.proximity.api.error.StoreException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadTest {

    @Test
    void batchesArriveInOrderThenTheEnd() {
        ReadAhead<Integer> ahead = new ReadAhead<>("test-reader", self -> {
            for (int i = 0; i < 100; i++) {
                self.hand(i);
            }
        });
        List<Integer> seen = new ArrayList<>();
        for (Integer batch = ahead.next(); batch != null; batch = ahead.next()) {
            seen.add(batch);
        }
        assertThat(seen).hasSize(100).isSorted();
        assertThat(ahead.next()).isNull();
    }

    @Test
    void whatTheReaderThrowsReachesTheCallerAfterTheBatchesBeforeIt() {
        ReadAhead<Integer> ahead = new ReadAhead<>("test-reader", self -> {
            self.hand(1);
            self.hand(2);
            throw new StoreException("line 7: the apps array is not closed");
        });
        assertThat(ahead.next()).isEqualTo(1);
        assertThat(ahead.next()).isEqualTo(2);
        assertThatThrownBy(ahead::next).isInstanceOf(StoreException.class).hasMessage("line 7: the apps array is not closed");
    }

    @Test
    void stoppingEndsAReaderThatIsWaitingToHandOver() throws InterruptedException {
        AtomicInteger handed = new AtomicInteger();
        AtomicReference<Thread> reader = new AtomicReference<>();
        ReadAhead<Integer> ahead = new ReadAhead<>("test-reader", self -> {
            reader.set(Thread.currentThread());
            for (int i = 0; self.hand(i); i++) {
                handed.incrementAndGet();
            }
        });
        assertThat(ahead.next()).isZero();
        ahead.stop();
        reader.get().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.get().isAlive()).isFalse();
        // one taken, one being handed when the stop came
        assertThat(handed.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void anInterruptedCallerStopsWaitingAndTheReaderEnds() throws InterruptedException {
        CountDownLatch neverHanded = new CountDownLatch(1);
        AtomicReference<Thread> reader = new AtomicReference<>();
        ReadAhead<Integer> ahead = new ReadAhead<>("test-reader", self -> {
            reader.set(Thread.currentThread());
            try {
                neverHanded.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ahead.next();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        caller.start();
        while (caller.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
        caller.interrupt();
        caller.join(10_000);
        assertThat(failure.get()).isInstanceOf(StoreException.class).hasMessageContaining("interrupted");
        while (reader.get() == null) {
            Thread.sleep(5);
        }
        reader.get().join(10_000);
        assertThat(reader.get().isAlive()).isFalse();
    }
}
