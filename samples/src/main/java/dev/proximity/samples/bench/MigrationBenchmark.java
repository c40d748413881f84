package dev.proximity.samples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.RecordVisitor;
import dev.proximity.api.store.Stores;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code proximity bench migrate}: the whole {@code migrate} command (a fresh JVM: start, parsing,
 * copying, verifying nothing) from a legacy file of N apps into SQLite and PostgreSQL, timed end to
 * end with its peak resident memory; the same with one commit per record; and, as the ceiling, a
 * plain JDBC batch insert of the same rows into the same schema (the insert alone, in this JVM).
 */
public final class MigrationBenchmark {

    private static final String[] COLUMNS = {"id", "catalog_id", "name", "hostname", "status", "url", "vmid", "node",
        "public_port", "internal_port", "config_json", "ports_json", "volumes_json", "environment_json", "owner_id",
        "created_at_ms", "updated_at_ms", "state_changed_at_ms", "search_text", "version"};
    private static final int CEILING_BATCH = 10_000;

    private final PrintStream out;
    private final Path work;
    private final List<String> childJvmOptions;

    /**
     * @param out where figures go
     * @param work a directory for files and databases
     * @param childJvmOptions options of the measured JVMs, e.g. {@code -Xmx256m}
     */
    public MigrationBenchmark(PrintStream out, Path work, List<String> childJvmOptions) {
        this.out = out;
        this.work = work;
        this.childJvmOptions = List.copyOf(childJvmOptions);
    }

    /** One measured run. */
    record Run(String what, long apps, double seconds, long peakRssKb, int exit) {
        double appsPerSecond() {
            return apps / seconds;
        }
    }

    /**
     * @param sizes app counts
     * @param perRecordApps app count of the one-commit-per-record comparison
     * @param postgres whether to measure PostgreSQL too
     * @return whether every run succeeded
     */
    public boolean run(List<Integer> sizes, int perRecordApps, boolean postgres) throws Exception {
        boolean ok = true;
        out.println("migrate benchmark: child JVM options " + childJvmOptions + ", " + Runtime.getRuntime().availableProcessors()
                + " cores");
        try (BenchPostgres pg = postgres ? BenchPostgres.start(work.resolve("pg-cluster")) : null) {
            for (int size : sizes) {
                Path file = work.resolve("apps-" + size + ".json");
                if (!Files.exists(file)) {
                    LegacyAppsGenerator.writeLegacyFile(size, file);
                }
                out.printf(Locale.ROOT, "%n%,d apps (%,d bytes)%n", size, Files.size(file));
                Path sqlite = work.resolve("migrate-" + size + ".db");
                deleteSqlite(sqlite);
                Run migrate = migrate(file, "jdbc:sqlite:" + sqlite, size, "sqlite: migrate", 0);
                ok &= report(migrate);
                Path ceilingDb = work.resolve("ceiling-" + size + ".db");
                deleteSqlite(ceilingDb);
                Run ceiling = ceiling(file, "jdbc:sqlite:" + ceilingDb, size, "sqlite: plain JDBC batch insert (ceiling)");
                report(ceiling);
                out.printf(Locale.ROOT, "  sqlite: migrate / ceiling = %.2f%n", migrate.appsPerSecond() / ceiling.appsPerSecond());
                if (pg != null) {
                    Run pgMigrate = migrate(file, pg.freshDatabase("migrate_" + size), size, "postgresql: migrate", 0);
                    ok &= report(pgMigrate);
                    Run pgCeiling = ceiling(file, pg.freshDatabase("ceiling_" + size), size,
                            "postgresql: plain JDBC batch insert (ceiling)");
                    report(pgCeiling);
                    out.printf(Locale.ROOT, "  postgresql: migrate / ceiling = %.2f%n",
                            pgMigrate.appsPerSecond() / pgCeiling.appsPerSecond());
                }
            }
            if (perRecordApps > 0) {
                Path file = work.resolve("apps-" + perRecordApps + ".json");
                if (!Files.exists(file)) {
                    LegacyAppsGenerator.writeLegacyFile(perRecordApps, file);
                }
                out.printf(Locale.ROOT, "%n%,d apps, one commit per record against the default batches%n", perRecordApps);
                Path batched = work.resolve("batched-" + perRecordApps + ".db");
                Path single = work.resolve("single-" + perRecordApps + ".db");
                deleteSqlite(batched);
                deleteSqlite(single);
                Run many = migrate(file, "jdbc:sqlite:" + batched, perRecordApps, "sqlite: migrate (default batches)", 0);
                Run one = migrate(file, "jdbc:sqlite:" + single, perRecordApps, "sqlite: migrate --batch 1", 1);
                ok &= report(many) & report(one);
                out.printf(Locale.ROOT, "  sqlite: batched / per record = %.1fx%n", many.appsPerSecond() / one.appsPerSecond());
            }
        }
        return ok;
    }

    private boolean report(Run run) {
        out.printf(Locale.ROOT, "  %-48s %,10.0f apps/s  %7.2f s  peak RSS %s%s%n", run.what(), run.appsPerSecond(), run.seconds(),
                run.peakRssKb() < 0 ? "-" : String.format(Locale.ROOT, "%,d MB", run.peakRssKb() / 1024),
                run.exit() == 0 ? "" : "  EXIT " + run.exit());
        return run.exit() == 0;
    }

    /** The migrate command in a fresh JVM, from its start to its exit; peak RSS from /proc while it runs. */
    private Run migrate(Path file, String target, long apps, String what, int batch) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmOptions);
        command.addAll(List.of("-cp", classPath(), "dev.proximity.samples.cli.ProximityCommand", "migrate", "--from", "json:" + file,
                "--to", target));
        if (batch > 0) {
            command.addAll(List.of("--batch", String.valueOf(batch)));
        }
        Path log = work.resolve("migrate.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peak = -1;
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, peakRss(status));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0) {
            out.println("  migrate failed; its output:");
            Files.readAllLines(log).forEach(line -> out.println("    " + line));
        }
        return new Run(what, apps, seconds, peak, process.exitValue());
    }

    private static long peakRss(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process just exited
        }
        return -1;
    }

    /** The same rows inserted with one prepared statement in batches, timed from the first insert to the last commit. */
    private Run ceiling(Path file, String url, long apps, String what) throws SQLException {
        try (ProximityStore schema = Stores.open(url)) {
            schema.descriptor();
        }
        List<Object[]> rows = rowsOf(file);
        String sql = insertSql(url.startsWith("jdbc:postgresql"));
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int pending = 0;
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) {
                            insert.setNull(i + 1, Types.NULL);
                        } else {
                            insert.setObject(i + 1, row[i]);
                        }
                    }
                    insert.addBatch();
                    if (++pending == CEILING_BATCH) {
                        insert.executeBatch();
                        connection.commit();
                        pending = 0;
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        return new Run(what, apps, (System.nanoTime() - started) / 1e9, -1, 0);
    }

    /** JSON documents are jsonb on PostgreSQL, which takes text only through a cast. */
    private static String insertSql(boolean postgres) {
        StringBuilder values = new StringBuilder();
        for (String column : COLUMNS) {
            values.append(values.length() == 0 ? "" : ", ").append(postgres && column.endsWith("_json") ? "CAST(? AS jsonb)" : "?");
        }
        return "INSERT INTO app (" + String.join(", ", COLUMNS) + ") VALUES (" + values + ")";
    }

    private static List<Object[]> rowsOf(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        List<Object[]> rows = new ArrayList<>();
        try (RecordSource source = Stores.openSource("json:" + file)) {
            source.stream(null, new RecordVisitor() {
                @Override
                public boolean app(long position, String checkpoint, App app) {
                    try {
                        rows.add(new Object[] {app.id(), app.catalogId(), app.name(), app.hostname(), app.status().wireName(), app.url(),
                            app.vmid(), app.node(), app.publicPort(), app.internalPort(), mapper.writeValueAsString(app.config()),
                            mapper.writeValueAsString(app.ports()), mapper.writeValueAsString(app.volumes()),
                            mapper.writeValueAsString(app.environment()), app.ownerId(), millis(app.createdAt()),
                            millis(app.updatedAt()), millis(app.stateChangedAt()),
                            (app.name() + " " + app.hostname() + " " + app.id()).toLowerCase(Locale.ROOT), app.version()});
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                }

                @Override
                public boolean appsDone() {
                    return false;
                }
            });
        }
        return rows;
    }

    private static Long millis(java.time.Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String classPath() throws URISyntaxException {
        return Path.of(MigrationBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()
                + (System.getProperty("java.class.path").contains(java.io.File.pathSeparator)
                ? java.io.File.pathSeparator + System.getProperty("java.class.path") : "");
    }

    private static void deleteSqlite(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }
}
