package dev.proximity.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmarks end to end: starts the benchmark PostgreSQL server, prepares (or reuses) the
 * data, runs JMH with one fork per benchmark, launches the second JVM of the contended benchmark,
 * and collects a {@link BenchReport}. JMH's JSON results and the second JVM's log are kept under
 * {@code DATA_DIR/results/TIMESTAMP}.
 */
public final class BenchRunner {

    /** What to run. */
    public enum Suite {
        /** Issue 3: reads on every store against the naive baseline. */
        STORES,
        /** Issue 4: allocation by occupancy, and contended. */
        PORTS
    }

    /**
     * How to run.
     *
     * @param dataDir where prepared data and results are kept
     * @param apps how many apps the read benchmark uses
     * @param quick a short smoke run (1 warm-up and 2 measurement iterations of 1 s) instead of the full
     *              one (3 warm-up and 5 measurement iterations of 2 s, one fork)
     * @param rounds how many times the port allocation cases run, interleaved
     */
    public record Settings(Path dataDir, int apps, boolean quick, int rounds) {
        /** Checks the values. */
        public Settings {
            if (dataDir == null) {
                throw new IllegalArgumentException("dataDir is required");
            }
            if (apps < 1) {
                throw new IllegalArgumentException("apps must be positive, was " + apps);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be positive, was " + rounds);
            }
        }

        private int warmupIterations() {
            return quick ? 1 : 3;
        }

        private int measurementIterations() {
            return quick ? 2 : 5;
        }

        private int iterationSeconds() {
            return quick ? 1 : 2;
        }
    }

    /** Heap for the 100,000-app tree of the naive baseline; Hibernate's JBoss logging routed to slf4j at warn. */
    private static final List<String> FORK_OPTIONS = List.of("-Xms1g", "-Xmx4g",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.jboss.logging.provider=slf4j");
    private static final int CONTENDING_JVMS = 2;

    private final Settings settings;
    private final PrintStream out;

    /**
     * @param settings how to run
     * @param out where progress and the summary go
     */
    public BenchRunner(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * @param suites what to run
     * @return the figures
     * @throws RunnerException when JMH cannot run at all
     */
    public BenchReport run(Set<Suite> suites) throws RunnerException {
        Set<Suite> wanted = suites.isEmpty() ? EnumSet.allOf(Suite.class) : EnumSet.copyOf(suites);
        Path results = settings.dataDir().toAbsolutePath().resolve("results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        BenchEnvironment base = new BenchEnvironment(settings.dataDir(), settings.apps(), 0);
        BenchReport report = new BenchReport(settings.apps());
        try (BenchPostgres postgres = BenchPostgres.start(base.postgresCluster())) {
            BenchEnvironment environment = base.withPostgresPort(postgres.port());
            out.println("benchmark PostgreSQL server on port " + postgres.port() + ": " + postgres.durability());
            BenchData data = new BenchData(environment, postgres, out);
            createDirectories(results);
            if (wanted.contains(Suite.STORES)) {
                data.prepareApps();
                report.addReads(jmh(options(environment, AppReadBenchmark.class, results.resolve("stores.json"))));
            }
            if (wanted.contains(Suite.PORTS)) {
                data.preparePorts();
                runAllocationRounds(environment, results, report);
                runContention(environment, results, report);
            }
        }
        try (PrintStream summary = new PrintStream(results.resolve("summary.txt").toFile(), StandardCharsets.UTF_8)) {
            report.print(summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary into " + results, e);
        }
        out.println("JMH results and summary.txt: " + results);
        return report;
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results directory " + directory, e);
        }
    }

    private ChainedOptionsBuilder options(BenchEnvironment environment, Class<?> benchmark, Path resultFile) {
        return options(benchmark, resultFile, jvmArgs(environment, List.of()));
    }

    private ChainedOptionsBuilder options(Class<?> benchmark, Path resultFile, List<String> jvmArgs) {
        return new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(1)
                .warmupIterations(settings.warmupIterations()).warmupTime(TimeValue.seconds(settings.iterationSeconds()))
                .measurementIterations(settings.measurementIterations()).measurementTime(TimeValue.seconds(settings.iterationSeconds()))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(false)
                .result(resultFile.toString()).resultFormat(ResultFormatType.JSON);
    }

    /**
     * Runs every database and occupancy once per round, each in its own JMH run, rotating the order
     * of the occupancies from round to round: on a shared machine the background load drifts, and
     * interleaving spreads that drift over all occupancies instead of letting it land on one.
     */
    private void runAllocationRounds(BenchEnvironment environment, Path results, BenchReport report) throws RunnerException {
        List<Integer> occupancies = PortBenchPolicy.OCCUPANCIES;
        for (int round = 0; round < settings.rounds(); round++) {
            out.printf("port allocation, round %d of %d%n", round + 1, settings.rounds());
            List<RunResult> roundResults = new ArrayList<>();
            for (String database : List.of("sqlite", "postgresql")) {
                for (int step = 0; step < occupancies.size(); step++) {
                    int occupancy = occupancies.get((step + round) % occupancies.size());
                    Path file = results.resolve("ports-round" + (round + 1) + "-" + database + "-" + occupancy + ".json");
                    roundResults.addAll(jmh(options(environment, PortAllocationBenchmark.class, file)
                            .param("database", database).param("occupancy", Integer.toString(occupancy))));
                }
            }
            report.addAllocationRound(roundResults);
        }
    }

    private static Collection<RunResult> jmh(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    /**
     * Runs {@link PortContentionBenchmark} in a JMH fork of this program and, at the same time, in a
     * second JVM started here with the same settings; a barrier lines up their measurement.
     */
    private void runContention(BenchEnvironment environment, Path results, BenchReport report) throws RunnerException {
        String url = environment.postgresUrl(BenchEnvironment.postgresContendedDatabase());
        try (ProximityStore store = Stores.open(url)) {
            PortBenchPolicy.releaseAllButOccupants(store, PortBenchPolicy.portManager(store));
        }
        ProcessBarrier barrier = new ProcessBarrier(results.resolve("barrier"), CONTENDING_JVMS);
        Path peerResult = results.resolve("contention-jvm2.json");
        Path peerLog = results.resolve("contention-jvm2.log");
        Process peer;
        try {
            peer = startPeer(environment, barrier, peerResult, peerLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the second contending JVM (log: " + peerLog + ")", e);
        }
        Collection<RunResult> local;
        try {
            local = jmh(options(PortContentionBenchmark.class, results.resolve("contention-jvm1.json"),
                    jvmArgs(environment, barrier.jvmProperties())));
        } finally {
            awaitPeer(peer);
        }
        Optional<Figure> peerFigure = Optional.empty();
        String peerProblem = null;
        if (peer.isAlive()) {
            peerProblem = "it did not stop, see " + peerLog;
        } else if (peer.exitValue() != 0) {
            peerProblem = "exit code " + peer.exitValue() + ", see " + peerLog;
        } else {
            peerFigure = readPeerFigure(peerResult);
            peerProblem = peerFigure.isEmpty() ? "no result in " + peerResult + ", see " + peerLog : null;
        }
        report.addContention(local.stream().findFirst().map(Figure::of), peerFigure, peerProblem);
    }

    private static List<String> jvmArgs(BenchEnvironment environment, List<String> extra) {
        List<String> jvmArgs = new ArrayList<>(FORK_OPTIONS);
        jvmArgs.addAll(environment.jvmProperties());
        jvmArgs.addAll(extra);
        return jvmArgs;
    }

    /** The second JVM runs the same benchmark class in JMH without forking, so it is one JVM, like the first. */
    private Process startPeer(BenchEnvironment environment, ProcessBarrier barrier, Path resultFile, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs(environment, barrier.jvmProperties()));
        // The JMH run of this program holds JMH's machine-wide lock; the second JVM runs alongside it on purpose.
        command.add("-Djmh.ignoreLock=true");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main",
                "^" + PortContentionBenchmark.class.getName().replace(".", "\\.") + "\\.",
                "-f", "0",
                "-wi", Integer.toString(settings.warmupIterations()), "-w", settings.iterationSeconds() + "s",
                "-i", Integer.toString(settings.measurementIterations()), "-r", settings.iterationSeconds() + "s",
                "-rf", "json", "-rff", resultFile.toString()));
        out.println("starting the second contending JVM, log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitPeer(Process peer) {
        try {
            if (!peer.waitFor(5, TimeUnit.MINUTES)) {
                out.println("the second contending JVM did not finish within 5 minutes; stopping it");
                peer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            peer.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Figure> readPeerFigure(Path resultFile) {
        if (!Files.exists(resultFile)) {
            return Optional.empty();
        }
        JsonNode runs;
        try {
            runs = new ObjectMapper().readTree(resultFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the second contending JVM's results " + resultFile, e);
        }
        if (!runs.isArray() || runs.isEmpty()) {
            return Optional.empty();
        }
        JsonNode metric = runs.get(0).path("primaryMetric");
        double error = metric.path("scoreError").isNumber() ? metric.path("scoreError").asDouble() : Double.NaN;
        return Optional.of(new Figure(metric.path("score").asDouble(), error, metric.path("scoreUnit").asText()));
    }
}
