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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Issue 4: allocation cost by occupancy. One operation allocates the lowest free pair for one
 * owner and releases it again (two write transactions), so the occupancy stays exactly where the
 * prepared data put it for the whole run; with the ranges packed from the bottom, every allocation
 * has to find the first free port above all the occupied ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PortAllocationBenchmark {
    private static final String OWNER = "bench-allocator";

    /** sqlite or postgresql. */
    @Param({"sqlite", "postgresql"})
    public String database;

    /** How full both 10,000-port ranges are, in percent. */
    @Param({"0", "50", "99"})
    public int occupancy;

    private ProximityStore store;
    private PortManager ports;

    /** Opens the prepared store and checks its occupancy and the pair an allocation gets. */
    @Setup(Level.Trial)
    public void open() {
        BenchEnvironment environment = BenchEnvironment.current();
        store = Stores.open(switch (database) {
            case "sqlite" -> BenchEnvironment.sqliteUrl(environment.sqlitePorts(occupancy));
            case "postgresql" -> environment.postgresUrl(BenchEnvironment.postgresPortsDatabase(occupancy));
            default -> throw new IllegalArgumentException("unknown database '" + database + "'; expected sqlite or postgresql");
        });
        ports = PortBenchPolicy.portManager(store);
        PortBenchPolicy.releaseAllButOccupants(store, ports);
        PortBenchPolicy.requireOccupancy(ports, occupancy, "before measuring");
        int occupants = PortBenchPolicy.occupants(occupancy);
        PortPair expected = new PortPair(PortBenchPolicy.PUBLIC.first() + occupants, PortBenchPolicy.INTERNAL.first() + occupants);
        PortPair first = allocateAndRelease();
        if (!first.equals(expected)) {
            throw new IllegalStateException("at " + occupancy + "% occupancy the lowest free pair is " + expected
                    + " but allocation returned " + first);
        }
    }

    /** Checks the run left the occupancy as it found it, and closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        try {
            PortBenchPolicy.requireOccupancy(ports, occupancy, "after measuring");
        } finally {
            store.close();
        }
    }

    /** @return the pair that was allocated and released */
    @Benchmark
    public PortPair allocateAndRelease() {
        PortPair pair = ports.allocate(OWNER);
        ports.release(OWNER);
        return pair;
    }
}
