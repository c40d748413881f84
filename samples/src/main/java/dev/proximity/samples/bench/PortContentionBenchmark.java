package dev.proximity.samples.bench;

import dev.proximity.api.port.PortManager;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4: contended allocation on one PostgreSQL database. Four threads per JVM, each with its own
 * owner, allocate and release the lowest free pair; {@code proximity.jar bench} runs this class in
 * two JVMs at once (lined up by a {@link ProcessBarrier}), so all eight threads race for the same
 * lowest ports. The JVMs' scores add up to the contended throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class PortContentionBenchmark {

    private ProximityStore store;
    private PortManager ports;

    /** Opens the shared database, clears leftovers of this JVM's kind, then waits for the other JVM. */
    @Setup(Level.Trial)
    public void open() {
        BenchEnvironment environment = BenchEnvironment.current();
        store = Stores.open(environment.postgresUrl(BenchEnvironment.postgresContendedDatabase()));
        ports = PortBenchPolicy.portManager(store);
        PortBenchPolicy.requireOccupancy(ports, PortBenchPolicy.CONTENDED_OCCUPANCY, "before measuring");
        ProcessBarrier.fromSystemProperties().await(Duration.ofMinutes(2));
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** One owner per benchmark thread, unique across the JVMs sharing the database. */
    @State(Scope.Thread)
    public static class Owner {
        /** The owner id. */
        public String id;

        /** @param thread which benchmark thread this is */
        @Setup(Level.Trial)
        public void name(ThreadParams thread) {
            id = "contender-" + ProcessHandle.current().pid() + "-" + thread.getThreadIndex();
        }
    }

    /**
     * @param owner this thread's owner
     * @return the pair that was allocated and released
     */
    @Benchmark
    public PortPair allocateAndRelease(Owner owner) {
        PortPair pair = ports.allocate(owner.id);
        ports.release(owner.id);
        return pair;
    }
}
