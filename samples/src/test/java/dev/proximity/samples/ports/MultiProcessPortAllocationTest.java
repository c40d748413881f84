package dev.proximity.samples.ports;

import dev.proximity.api.port.PortLease;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortPolicy;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.core.internal.port.LeasingPortManager;
import dev.proximity.samples.support.MutableClock;
import dev.proximity.samples.support.SharedPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVMs allocate from one store at once (JSON file, SQLite file, PostgreSQL database):
 * no port ever gets two owners. A JVM killed while holding reservations gets its ports back
 * after the reclaim time, and not before.
 */
class MultiProcessPortAllocationTest {

    private static final String PUBLIC = "30000-30999";
    private static final String INTERNAL = "31000-31999";

    @TempDir
    Path dir;

    private String storeUrl(String kind) {
        return switch (kind) {
            case "json" -> "json:" + dir.resolve("apps.json");
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve("proximity.db");
            case "postgresql" -> SharedPostgres.newDatabaseUrl();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "sqlite", "postgresql"})
    void threeJvmsNeverHandOutOnePortTwice(String kind) throws Exception {
        String url = storeUrl(kind);
        try (ProximityStore store = Stores.open(url)) {
            store.read(s -> s.apps().count()); // creates the schema before the children race for it
        }
        int jvms = 3;
        int threads = 3;
        int perThread = 8;
        List<ChildJvm> children = new ArrayList<>();
        for (int j = 0; j < jvms; j++) {
            children.add(ChildJvm.start(PortAllocatorMain.class, dir.resolve("child-" + j + ".err"),
                    url, "jvm" + j, String.valueOf(threads), String.valueOf(perThread), PUBLIC, INTERNAL, "false"));
        }
        Set<Integer> printedPorts = new HashSet<>();
        int printedPairs = 0;
        for (int j = 0; j < jvms; j++) {
            ChildJvm child = children.get(j);
            assertThat(child.awaitExit(Duration.ofMinutes(2))).as("child %d exit code; stderr: %s", j, child.stderr()).isZero();
            for (String line : child.allLines()) {
                if (line.startsWith("PAIR ")) {
                    String[] parts = line.split(" ");
                    assertThat(printedPorts.add(Integer.parseInt(parts[2]))).as("public port %s handed out twice", parts[2]).isTrue();
                    assertThat(printedPorts.add(Integer.parseInt(parts[3]))).as("internal port %s handed out twice", parts[3]).isTrue();
                    printedPairs++;
                }
            }
        }

        int expected = jvms * threads * perThread;
        assertThat(printedPairs).isEqualTo(expected);
        try (ProximityStore store = Stores.open(url)) {
            List<PortLease> leases = store.read(s -> s.portLeases().listAfter(0, 10_000));
            assertThat(leases).hasSize(2 * expected);
            assertThat(leases).extracting(PortLease::port).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(printedPorts);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "sqlite", "postgresql"})
    void portsOfAKilledJvmComeBackAfterTheReclaimTimeAndNotBefore(String kind) throws Exception {
        String url = storeUrl(kind);
        Set<Integer> held = new HashSet<>();
        try (ChildJvm child = ChildJvm.start(PortAllocatorMain.class, dir.resolve("holder.err"),
                url, "doomed", "2", "3", PUBLIC, INTERNAL, "true")) {
            for (String line = child.nextLine(Duration.ofMinutes(2)); !line.equals("READY"); line = child.nextLine(Duration.ofMinutes(2))) {
                if (line.startsWith("PAIR ")) {
                    String[] parts = line.split(" ");
                    held.add(Integer.parseInt(parts[2]));
                    held.add(Integer.parseInt(parts[3]));
                }
            }
            assertThat(held).as("stderr: %s", child.stderr()).hasSize(12);
            child.kill();
        }

        PortPolicy policy = new PortPolicy(PortRange.parse(PUBLIC), PortRange.parse(INTERNAL), Duration.ofMinutes(10));
        MutableClock clock = new MutableClock(Instant.now());
        try (ProximityStore store = Stores.open(url)) {
            LeasingPortManager ports = new LeasingPortManager(store, policy, clock);

            clock.advance(Duration.ofMinutes(9));
            assertThat(held).noneMatch(ports::isAvailable);
            PortPair beforeTimeout = ports.allocate("survivor");
            assertThat(held).doesNotContain(beforeTimeout.publicPort(), beforeTimeout.internalPort());

            clock.advance(Duration.ofMinutes(1).plusSeconds(5));
            assertThat(held).allMatch(ports::isAvailable);
            List<Integer> reclaimed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                PortPair pair = ports.allocate("heir-" + i);
                reclaimed.add(pair.publicPort());
                reclaimed.add(pair.internalPort());
            }
            assertThat(reclaimed).containsExactlyInAnyOrderElementsOf(held);
        }
    }
}
