package dev.proximity.samples.bench;

import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;
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

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 3: get-by-id and a filtered, paged, sorted list over the generated apps, on each store and
 * on the naive baseline. Average time per read; every contender must first give the same answers
 * as the baseline, or the trial fails (a fast wrong answer is not a result).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AppReadBenchmark {

    /** status running, node pve2, sorted by name, the third page of 50. */
    public static final AppQuery FILTERED_PAGE = AppQuery.all()
            .withStatuses(AppStatus.RUNNING).withNode("pve2")
            .sortedBy(AppSort.NAME, SortDirection.ASC).withPage(2, 50);

    /** The baseline's name in {@link #contender}. */
    public static final String NAIVE = "naive";

    private static final int ID_COUNT = 1024;

    /** Who answers: the naive baseline or a store kind. */
    @Param({NAIVE, "json", "sqlite", "postgresql"})
    public String contender;

    private AppReads<?> reads;
    private final String[] ids = new String[ID_COUNT];
    private int next;

    /** Opens the contender and checks it answers like the baseline. */
    @Setup(Level.Trial)
    public void open() {
        BenchEnvironment environment = BenchEnvironment.current();
        Random random = new Random(7);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = LegacyAppsGenerator.idOf(random.nextInt(environment.apps()));
        }
        reads = open(contender, environment);
        if (!NAIVE.equals(contender)) {
            try (NaiveJsonScan baseline = new NaiveJsonScan(environment.appsJson())) {
                requireSameAnswers(baseline, reads);
            }
        }
    }

    private static AppReads<?> open(String contender, BenchEnvironment environment) {
        return switch (contender) {
            case NAIVE -> new NaiveJsonScan(environment.appsJson());
            case "json" -> new StoreReads(BenchEnvironment.jsonUrl(environment.appsJson()));
            case "sqlite" -> new StoreReads(BenchEnvironment.sqliteUrl(environment.sqliteApps()));
            case "postgresql" -> new StoreReads(environment.postgresUrl(environment.postgresAppsDatabase()));
            default -> throw new IllegalArgumentException("unknown contender '" + contender
                    + "'; expected naive, json, sqlite or postgresql");
        };
    }

    private void requireSameAnswers(NaiveJsonScan baseline, AppReads<?> contenderReads) {
        List<String> expected = pageIds(baseline, FILTERED_PAGE);
        List<String> actual = pageIds(contenderReads, FILTERED_PAGE);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(contender + " answers the filtered page differently from the naive scan:\n  naive: "
                    + expected + "\n  " + contender + ": " + actual);
        }
        for (String id : List.of(ids[0], ids[1], ids[2])) {
            if (foundId(contenderReads, id).isEmpty()) {
                throw new IllegalStateException(contender + " does not find app " + id + ", which the generated file holds");
            }
        }
    }

    /** The total count first, then the ids of the page, in order. */
    private static <T> List<String> pageIds(AppReads<T> reads, AppQuery query) {
        Page<T> page = reads.find(query);
        return Stream.concat(Stream.of("total=" + page.total()),
                page.items().stream().map(reads::idOf)).toList();
    }

    private static <T> Optional<String> foundId(AppReads<T> reads, String id) {
        return reads.get(id).map(reads::idOf).filter(found -> Objects.equals(found, id));
    }

    /** Releases the contender's files and connections. */
    @TearDown(Level.Trial)
    public void close() {
        if (reads != null) {
            reads.close();
        }
    }

    /** @return the app with the next of 1,024 pseudo-random ids (spread over the whole file) */
    @Benchmark
    public Object getById() {
        next = (next + 1) & (ID_COUNT - 1);
        return reads.get(ids[next]).orElseThrow(() -> new IllegalStateException("app " + ids[next] + " vanished"));
    }

    /** @return the filtered, sorted page */
    @Benchmark
    public Object filteredPage() {
        return reads.find(FILTERED_PAGE);
    }
}
