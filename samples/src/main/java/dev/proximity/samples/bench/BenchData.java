package dev.proximity.samples.bench;

import dev.proximity.api.app.App;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prepares the data the benchmarks read, once: the generated legacy file, the same apps in SQLite
 * and PostgreSQL, and port leases at each occupancy. Everything is built under a temporary name and
 * moved into place when complete, so what exists is complete and is reused by later runs.
 */
final class BenchData {
    private static final int INSERT_BATCH = 1000;
    private static final List<String> SQLITE_SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private final BenchEnvironment environment;
    private final BenchPostgres postgres;
    private final PrintStream progress;
    private List<LegacyApp> generated;

    /**
     * @param environment where the data goes (its PostgreSQL port must be the server's)
     * @param postgres the running benchmark server
     * @param progress where to report what is being built
     */
    BenchData(BenchEnvironment environment, BenchPostgres postgres, PrintStream progress) {
        this.environment = environment;
        this.postgres = postgres;
        this.progress = progress;
    }

    /** The legacy file and the same apps in SQLite and PostgreSQL (issue 3). */
    void prepareApps() {
        Path json = environment.appsJson();
        if (!Files.exists(json)) {
            progress.printf("generating %,d legacy apps into %s%n", environment.apps(), json);
            LegacyAppsGenerator.writeJsonFile(apps(), json);
        }
        ensureSqlite(environment.sqliteApps(), this::loadApps);
        ensurePostgres(environment.postgresAppsDatabase(), this::loadApps);
    }

    /** Port leases at 0, 50 and 99 % occupancy in SQLite and PostgreSQL, and the contended database (issue 4). */
    void preparePorts() {
        for (int occupancy : PortBenchPolicy.OCCUPANCIES) {
            ensureSqlite(environment.sqlitePorts(occupancy), url -> fillPorts(url, occupancy));
            ensurePostgres(BenchEnvironment.postgresPortsDatabase(occupancy), url -> fillPorts(url, occupancy));
        }
        ensurePostgres(BenchEnvironment.postgresContendedDatabase(),
                url -> fillPorts(url, PortBenchPolicy.CONTENDED_OCCUPANCY));
    }

    private List<LegacyApp> apps() {
        if (generated == null) {
            generated = LegacyAppsGenerator.generate(environment.apps(), LegacyAppsGenerator.DEFAULT_SEED);
        }
        return generated;
    }

    private void loadApps(String url) {
        List<LegacyApp> apps = apps();
        long started = System.nanoTime();
        try (ProximityStore store = Stores.open(url)) {
            for (int start = 0; start < apps.size(); start += INSERT_BATCH) {
                List<App> batch = apps.subList(start, Math.min(apps.size(), start + INSERT_BATCH)).stream()
                        .map(LegacyApp::toApp).toList();
                store.write(session -> {
                    batch.forEach(session.apps()::insert);
                    return null;
                });
                int loaded = start + batch.size();
                if (loaded % 10_000 == 0 || loaded == apps.size()) {
                    progress.printf("  %,d / %,d apps (%d s)%n", loaded, apps.size(), (System.nanoTime() - started) / 1_000_000_000);
                }
            }
        }
    }

    private void fillPorts(String url, int occupancy) {
        try (ProximityStore store = Stores.open(url)) {
            PortBenchPolicy.fill(store, occupancy);
        }
    }

    private void ensurePostgres(String database, Consumer<String> fill) {
        postgres.ensureDatabase(database, environment, url -> {
            progress.printf("building PostgreSQL database %s%n", database);
            fill.accept(url);
        });
        postgres.vacuum(database);
    }

    /**
     * Builds an SQLite file under a temporary name, then moves it (with any write-ahead log the
     * store left behind) into place.
     */
    private void ensureSqlite(Path file, Consumer<String> fill) {
        if (Files.exists(file)) {
            return;
        }
        progress.printf("building SQLite file %s%n", file);
        Path building = file.resolveSibling(file.getFileName() + ".building");
        try {
            Files.createDirectories(file.getParent());
            // Leftovers of an interrupted run: a stale log beside the final name would be replayed into the new file.
            Files.deleteIfExists(building);
            for (String suffix : SQLITE_SIDE_FILES) {
                Files.deleteIfExists(Path.of(building + suffix));
                Files.deleteIfExists(Path.of(file + suffix));
            }
            fill.accept(BenchEnvironment.sqliteUrl(building));
            for (String suffix : SQLITE_SIDE_FILES) {
                Path side = Path.of(building + suffix);
                if (Files.exists(side)) {
                    Files.move(side, Path.of(file + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + file, e);
        }
    }
}
