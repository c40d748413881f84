package dev.proximity.samples.ports;

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
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import dev.proximity.core.internal.port.LeasingPortManager;
import dev.proximity.samples.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PortManager behaviour, written once and run on every store: JSON file, SQLite and PostgreSQL.
 */
abstract class PortManagerContractTest {

    static final PortRange PUBLIC = new PortRange(8100, 8109);
    static final PortRange INTERNAL = new PortRange(9100, 9109);
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    ProximityStore store;
    MutableClock clock;
    PortManager ports;

    /** @return the URL of a new, empty store (may use {@link #dir}) */
    abstract String newStoreUrl();

    @BeforeEach
    void open() {
        store = Stores.open(newStoreUrl());
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ports = new LeasingPortManager(store, new PortPolicy(PUBLIC, INTERNAL, TIMEOUT), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void allocatesTheLowestFreePairAndIsIdempotentPerOwner() {
        assertThat(ports.allocate("a")).isEqualTo(new PortPair(8100, 9100));
        assertThat(ports.allocate("b")).isEqualTo(new PortPair(8101, 9101));
        assertThat(ports.allocate("a")).isEqualTo(new PortPair(8100, 9100));
        ports.release("a");
        assertThat(ports.allocate("c")).isEqualTo(new PortPair(8100, 9100));
    }

    @Test
    void honoursSpecificPortsAndNeverSilentlyReplacesATakenOne() {
        assertThat(ports.allocate("a", new PortRequest(8105, null))).isEqualTo(new PortPair(8105, 9100));

        assertThatThrownBy(() -> ports.allocate("b", new PortRequest(8105, 9107)))
                .isInstanceOfSatisfying(PortUnavailableException.class, e -> {
                    assertThat(e.port()).isEqualTo(8105);
                    assertThat(e.heldBy()).isEqualTo("a");
                });
        assertThat(ports.isAvailable(9107)).as("the failed request reserved nothing").isTrue();
        assertThat(ports.leasedBy("b")).isEmpty();
    }

    @Test
    void anOwnerHoldingAPairCannotQuietlyCollectASecondOne() {
        PortPair held = ports.allocate("a");

        assertThatThrownBy(() -> ports.allocate("a", new PortRequest(8107, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already holds public port 8100");
        assertThat(ports.allocate("a", new PortRequest(held.publicPort(), held.internalPort()))).isEqualTo(held);
        assertThat(ports.isAvailable(8107)).isTrue();
    }

    @Test
    void rejectsASpecificPortOutsideItsRange() {
        assertThatThrownBy(() -> ports.allocate("a", new PortRequest(9100, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("publicPort")
                .hasMessageContaining("outside the public range 8100-8109");
        assertThatThrownBy(() -> ports.allocate("a", new PortRequest(null, 80)))
                .hasMessageContaining("outside the internal range 9100-9109");
    }

    @Test
    void exhaustionNamesTheRangeAndItsSizeAndKeepsNothing() {
        for (int i = 0; i < PUBLIC.size(); i++) {
            ports.allocate("app-" + i);
        }

        assertThatThrownBy(() -> ports.allocate("late"))
                .isInstanceOfSatisfying(PortsExhaustedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PortKind.PUBLIC);
                    assertThat(e.range()).isEqualTo(PUBLIC);
                })
                .hasMessageContaining("all 10 ports of range 8100-8109");
    }

    @Test
    void internalExhaustionRollsBackThePublicReservation() {
        for (int i = 0; i < INTERNAL.size(); i++) {
            ports.allocate("app-" + i, new PortRequest(null, 9100 + i));
        }
        ports.release("app-0");
        Instant now = clock.instant();
        store.write(s -> s.portLeases().reserve(9100, "holder", now, now.plus(TIMEOUT)));
        // every internal port is held now, but public 8100 is free
        assertThat(ports.isAvailable(8100)).isTrue();

        assertThatThrownBy(() -> ports.allocate("late")).isInstanceOf(PortsExhaustedException.class)
                .hasMessageContaining("internal");
        assertThat(ports.isAvailable(8100)).isTrue();
    }

    @Test
    void bindReleaseAvailabilityAndUsage() {
        PortPair pair = ports.allocate("a");

        assertThat(ports.bind("a")).contains(pair);
        assertThat(ports.bind("nobody")).isEmpty();
        assertThat(ports.isAvailable(pair.publicPort())).isFalse();
        assertThat(ports.isAvailable(8109)).isTrue();
        assertThat(ports.isAvailable(80)).as("outside every managed range").isFalse();
        assertThat(ports.usage()).containsExactly(
                new PortUsage(PortKind.PUBLIC, PUBLIC, 1, 9, 10),
                new PortUsage(PortKind.INTERNAL, INTERNAL, 1, 9, 10));
        assertThat(ports.usage().get(0).rangeText()).isEqualTo("8100-8109");

        assertThat(ports.release("a")).isEqualTo(2);
        assertThat(ports.release("a")).isZero();
        assertThat(ports.isAvailable(pair.publicPort())).isTrue();
    }

    @Test
    void aDeadDeploysReservationIsReclaimedAfterTheTimeoutNeverEarlier() {
        PortPair crashed = ports.allocate("crashed-deploy");

        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(ports.isAvailable(crashed.publicPort())).isFalse();
        assertThat(ports.allocate("early")).isEqualTo(new PortPair(8101, 9101));
        assertThat(ports.reclaimExpired()).isZero();

        clock.advance(Duration.ofMillis(1));
        assertThat(ports.isAvailable(crashed.publicPort())).isTrue();
        assertThat(ports.allocate("late")).isEqualTo(crashed);
        assertThat(ports.leasedBy("crashed-deploy")).isEmpty();
    }

    @Test
    void anOwnerWhoseReservationExpiredGetsAFreshOneNotTheStaleLease() {
        PortPair first = ports.allocate("slow-deploy");
        clock.advance(TIMEOUT.plusSeconds(1));

        PortPair again = ports.allocate("slow-deploy", new PortRequest(first.publicPort(), null));

        assertThat(again).isEqualTo(first);
        assertThat(allLeases()).allSatisfy(lease -> assertThat(lease.isLive(clock.instant())).isTrue());
        clock.advance(TIMEOUT.minusSeconds(1));
        assertThat(ports.isAvailable(first.publicPort())).as("the renewed reservation still holds").isFalse();
    }

    @Test
    void boundPortsAreNeverReclaimed() {
        PortPair bound = ports.allocate("app");
        ports.bind("app");

        clock.advance(Duration.ofDays(400));

        assertThat(ports.reclaimExpired()).isZero();
        assertThat(ports.isAvailable(bound.publicPort())).isFalse();
        assertThat(ports.leasedBy("app")).contains(bound);
    }

    @Test
    void reclaimExpiredTidiesOnlyExpiredReservations() {
        ports.allocate("old");
        clock.advance(TIMEOUT.dividedBy(2));
        ports.allocate("young");
        clock.advance(TIMEOUT.dividedBy(2));

        assertThat(ports.reclaimExpired()).isEqualTo(2);
        assertThat(ports.leasedBy("young")).isPresent();
    }

    @Test
    void concurrentAllocationsNeverShareAPortCheckedInTheStoreItself() throws Exception {
        PortManager wide = new LeasingPortManager(store,
                new PortPolicy(new PortRange(20000, 20999), new PortRange(21000, 21999), TIMEOUT), clock);
        int threads = 8;
        int perThread = 12;
        List<PortPair> pairs = Collections.synchronizedList(new ArrayList<>());

        runOnThreads(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                pairs.add(wide.allocate("t" + t + "-" + i));
            }
        });

        assertThat(pairs).hasSize(threads * perThread);
        List<PortLease> leases = allLeases();
        assertThat(leases).hasSize(2 * threads * perThread);
        assertThat(leases).extracting(PortLease::port).doesNotHaveDuplicates();
        Map<String, Long> perOwner = new HashMap<>();
        leases.forEach(l -> perOwner.merge(l.ownerId(), 1L, Long::sum));
        assertThat(perOwner).hasSize(threads * perThread).allSatisfy((owner, count) -> assertThat(count).isEqualTo(2));
    }

    @Test
    void allocateReleaseChurnEndsWithThePoolAsItStarted() throws Exception {
        PortPair before = ports.allocate("resident");
        ports.bind("resident");
        List<PortUsage> usageBefore = ports.usage();

        runOnThreads(4, t -> {
            Random random = new Random(t);
            for (int i = 0; i < 25; i++) {
                String owner = "churn-" + t + "-" + random.nextInt(3);
                if (random.nextBoolean()) {
                    try {
                        ports.allocate(owner);
                    } catch (PortsExhaustedException full) {
                        // acceptable under churn; the point is what remains afterwards
                    }
                } else {
                    ports.release(owner);
                }
            }
            for (int owner = 0; owner < 3; owner++) {
                ports.release("churn-" + t + "-" + owner);
            }
        });

        assertThat(ports.usage()).isEqualTo(usageBefore);
        assertThat(allLeases()).extracting(PortLease::ownerId).containsOnly("resident");
        assertThat(ports.leasedBy("resident")).contains(before);
    }

    List<PortLease> allLeases() {
        List<PortLease> all = new ArrayList<>();
        int after = 0;
        while (true) {
            int cursor = after;
            List<PortLease> batch = store.read(s -> s.portLeases().listAfter(cursor, 500));
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            after = batch.get(batch.size() - 1).port();
        }
    }

    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    static void runOnThreads(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
