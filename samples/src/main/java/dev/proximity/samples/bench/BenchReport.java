package dev.proximity.samples.bench;

import org.openjdk.jmh.results.RunResult;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures of one {@code bench} run and the ratios the issues ask for: how many times faster
 * each store reads than the naive baseline (issue 3), how much allocation slows down from 0 % to
 * 99 % occupancy, and the contended throughput (issue 4). Missing figures (a failed benchmark) show
 * as such instead of being left out silently.
 */
public final class BenchReport {
    private static final List<String> CONTENDERS = List.of(AppReadBenchmark.NAIVE, "json", "sqlite", "postgresql");
    private static final List<String> DATABASES = List.of("sqlite", "postgresql");
    private static final String MISSING = "missing (failed, see the JMH output)";

    private final int apps;
    private final Map<String, Figure> reads = new LinkedHashMap<>();
    private final List<Map<String, Figure>> allocationRounds = new ArrayList<>();
    private final List<String> contention = new ArrayList<>();
    private boolean complete = true;

    /** @param apps how many apps the read benchmark's stores held */
    BenchReport(int apps) {
        this.apps = apps;
    }

    /** @param results the {@link AppReadBenchmark} results */
    void addReads(Collection<RunResult> results) {
        for (RunResult result : results) {
            String method = method(result);
            reads.put(method + "/" + result.getParams().getParam("contender"), Figure.of(result));
        }
        complete &= reads.size() == 2 * CONTENDERS.size();
    }

    /**
     * @param results the {@link PortAllocationBenchmark} results of one round, in which every
     *                database and occupancy ran once
     */
    void addAllocationRound(Collection<RunResult> results) {
        Map<String, Figure> round = new LinkedHashMap<>();
        for (RunResult result : results) {
            round.put(result.getParams().getParam("database") + "/" + result.getParams().getParam("occupancy"), Figure.of(result));
        }
        allocationRounds.add(round);
        complete &= round.size() == DATABASES.size() * PortBenchPolicy.OCCUPANCIES.size();
    }

    /** @return the median score of a case over the rounds that measured it, or NaN when none did */
    private double medianAllocations(String key) {
        double[] scores = allocationRounds.stream().map(round -> round.get(key)).filter(Objects::nonNull)
                .mapToDouble(Figure::score).sorted().toArray();
        if (scores.length == 0) {
            return Double.NaN;
        }
        int middle = scores.length / 2;
        return scores.length % 2 == 1 ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
    }

    /**
     * @param local this JVM's fork, if it produced a figure
     * @param peer the second JVM, if it produced a figure
     * @param peerProblem why the second JVM has no figure, or null
     */
    void addContention(Optional<Figure> local, Optional<Figure> peer, String peerProblem) {
        contention.add("JVM 1 (4 threads): " + local.map(Figure::text).orElse(MISSING));
        contention.add("JVM 2 (4 threads): " + peer.map(Figure::text).orElse("missing: " + peerProblem));
        if (local.isPresent() && peer.isPresent()) {
            double total = local.get().score() + peer.get().score();
            contention.add("together:          " + Figure.number(total) + " " + local.get().unit()
                    + " allocate+release cycles (each JVM's error as above)");
            double single = medianAllocations("postgresql/" + PortBenchPolicy.CONTENDED_OCCUPANCY);
            if (!Double.isNaN(single)) {
                contention.add("one thread, one JVM, same occupancy (median of the allocation rounds): " + Figure.number(single)
                        + " " + local.get().unit() + " -> 8 threads in 2 JVMs give " + Figure.ratio(total / single) + " of that");
            }
        } else {
            complete = false;
        }
    }

    /** @return whether every benchmark produced its figure */
    public boolean complete() {
        return complete;
    }

    /** @param out where to print the summary */
    public void print(PrintStream out) {
        if (!reads.isEmpty()) {
            printReads(out);
        }
        if (!allocationRounds.isEmpty()) {
            printAllocations(out);
        }
        if (!contention.isEmpty()) {
            out.println();
            out.printf("Issue 4, contended: PostgreSQL, %d%% occupancy, 2 JVMs x 4 threads, allocate+release per second%n",
                    PortBenchPolicy.CONTENDED_OCCUPANCY);
            contention.forEach(line -> out.println("  " + line));
        }
        out.println();
        out.println("± is JMH's 99.9% confidence half-width over the measurement iterations of one fork.");
    }

    private void printReads(PrintStream out) {
        out.println();
        out.printf("Issue 3: reads over %,d apps, average time per read (lower is better)%n", apps);
        out.printf("  %-11s %-30s %-14s %-30s %-14s%n", "contender", "get by id", "naive / this", "filtered page", "naive / this");
        for (String contender : CONTENDERS) {
            out.printf("  %-11s %-30s %-14s %-30s %-14s%n", contender,
                    text(reads.get("getById/" + contender)), speedup("getById", contender),
                    text(reads.get("filteredPage/" + contender)), speedup("filteredPage", contender));
        }
        out.println("  filtered page = status running, node pve2, sorted by name, page 3 of size 50");
    }

    private String speedup(String method, String contender) {
        Figure naive = reads.get(method + "/" + AppReadBenchmark.NAIVE);
        Figure figure = reads.get(method + "/" + contender);
        return naive == null || figure == null ? "n/a" : Figure.ratio(naive.score() / figure.score());
    }

    private void printAllocations(PrintStream out) {
        out.println();
        out.println("Issue 4: allocate+release of one pair per second by occupancy of two 10,000-port ranges (higher is better)");
        out.printf("  %d round(s); in each, every case runs once in its own fork, occupancies in rotated order%n", allocationRounds.size());
        for (int round = 0; round < allocationRounds.size(); round++) {
            out.printf("  round %d%n", round + 1);
            out.printf("    %-11s %-22s %-22s %-22s %s%n", "database", "0%", "50%", "99%", "cost 99% / 0%");
            Map<String, Figure> figures = allocationRounds.get(round);
            for (String database : DATABASES) {
                Figure empty = figures.get(database + "/0");
                Figure full = figures.get(database + "/99");
                out.printf("    %-11s %-22s %-22s %-22s %s%n", database, text(empty), text(figures.get(database + "/50")), text(full),
                        empty == null || full == null ? "n/a" : Figure.ratio(empty.score() / full.score()));
            }
        }
        out.println("  median over the rounds");
        out.printf("    %-11s %-22s %-22s %-22s %s%n", "database", "0%", "50%", "99%", "cost 99% / 0% (target <= 2x)");
        for (String database : DATABASES) {
            double empty = medianAllocations(database + "/0");
            double full = medianAllocations(database + "/99");
            double ratio = empty / full;
            out.printf("    %-11s %-22s %-22s %-22s %s%n", database, Figure.number(empty) + " ops/s",
                    Figure.number(medianAllocations(database + "/50")) + " ops/s", Figure.number(full) + " ops/s",
                    Double.isNaN(ratio) ? "n/a" : Figure.ratio(ratio) + (ratio <= 2 ? " (met)" : " (MISSED)"));
        }
    }

    private static String text(Figure figure) {
        return figure == null ? "missing" : figure.text();
    }

    private static String method(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
