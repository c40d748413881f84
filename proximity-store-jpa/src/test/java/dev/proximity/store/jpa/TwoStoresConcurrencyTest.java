package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independently opened stores on one database (each with its own pool, writer lock and
 * Hibernate factory, as two processes would have), hammered by several threads each: no
 * {@code SQLITE_BUSY}, no lost update, no port handed out twice.
 */
abstract class TwoStoresConcurrencyTest {

    private static final int THREADS_PER_STORE = 4;
    private static final int OPERATIONS_PER_THREAD = 20;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private JpaStore first;
    private JpaStore second;

    /** @return a store URL naming a fresh, empty database */
    abstract String freshStoreUrl() throws Exception;

    @BeforeEach
    void openTwoStores() throws Exception {
        String url = freshStoreUrl();
        first = JpaStore.open(url);
        second = JpaStore.open(url);
    }

    @AfterEach
    void closeStores() {
        first.close();
        second.close();
    }

    @Test
    void readModifyWriteFromBothStoresLosesNoUpdate() throws Exception {
        first.write((StoreSession s) -> s.apps().insert(App.builder().id("web-counter").catalogId("web").name("Counter")
                .hostname("counter").status(AppStatus.RUNNING).config(Map.of("n", 0)).build()));

        runOnBothStores(store -> {
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                increment(store);
            }
            return null;
        });

        App counter = second.read((StoreSession s) -> s.apps().get("web-counter")).orElseThrow();
        assertThat(counter.config().get("n")).isEqualTo(2 * THREADS_PER_STORE * OPERATIONS_PER_THREAD);
    }

    @Test
    void portsReservedFromBothStoresAreNeverShared() throws Exception {
        PortRange range = new PortRange(30000, 30999);
        List<Integer> taken = Collections.synchronizedList(new ArrayList<>());

        runOnBothStores(store -> {
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                String owner = Thread.currentThread().getName() + "-" + i + "-" + System.identityHashCode(store);
                store.write((StoreSession s) -> s.portLeases().reserveLowestFree(range, owner, NOW, NOW.plus(Duration.ofHours(1))))
                        .map(PortLease::port).ifPresent(taken::add);
            }
            return null;
        });

        int expected = 2 * THREADS_PER_STORE * OPERATIONS_PER_THREAD;
        assertThat(taken).hasSize(expected).doesNotHaveDuplicates();
        assertThat(first.read((StoreSession s) -> s.portLeases().countLive(range, NOW))).isEqualTo(expected);
        // lowest first: with no releases the taken ports are exactly the bottom of the range
        assertThat(taken).allSatisfy(port -> assertThat(port).isBetween(30000, 30000 + expected - 1));
    }

    private static void increment(JpaStore store) {
        while (true) {
            try {
                store.write((StoreSession s) -> {
                    App current = s.apps().get("web-counter").orElseThrow();
                    int n = ((Number) current.config().get("n")).intValue();
                    return s.apps().update(current.toBuilder().config(Map.of("n", n + 1)).build());
                });
                return;
            } catch (ConcurrentUpdateException lostRace) {
                // the other store committed first: re-read and retry
            }
        }
    }

    private void runOnBothStores(StoreTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_STORE);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS_PER_STORE; i++) {
                futures.add(pool.submit(bind(task, first)));
                futures.add(pool.submit(bind(task, second)));
            }
            for (Future<Void> future : futures) {
                future.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Void> bind(StoreTask task, JpaStore store) {
        return () -> task.run(store);
    }

    @FunctionalInterface
    private interface StoreTask {
        Void run(JpaStore store) throws Exception;
    }
}
