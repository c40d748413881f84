/**
 * On-demand JMH benchmarks (never part of the test suite): app reads on every store against the
 * naive parse-the-whole-file baseline (issue 3), and port allocation cost by occupancy and under
 * contention (issue 4). Run them with {@code java -jar proximity.jar bench}; see BENCHMARKS.md.
 *
 * <p>The benchmarks open stores only through the public API ({@code Stores.open}); the data they
 * read is generated here ({@link dev.proximity.samples.bench.LegacyAppsGenerator}) and cached in a
 * data directory so that forks and later runs reuse it.
 */
package dev.proximity.samples.bench;
