package dev.proximity.samples.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Java port of {@code gen-legacy-apps.py}: the same deterministic legacy {@code apps.json} for a
 * given count and seed, byte for byte (same random stream, same {@code json.dump} formatting), so
 * the project can produce its benchmark data without Python.
 */
public final class LegacyAppsGenerator {

    /** The Python generator's default seed. */
    static final long DEFAULT_SEED = 42;

    private static final List<String> CATALOGS =
            List.of("nginx", "wordpress", "nextcloud", "postgres", "redis", "adminer", "gitea", "jellyfin");
    private static final List<String> STATUSES = statuses();
    private static final List<String> NODES = List.of("pve1", "pve2", "pve3");
    private static final List<Integer> MEMORY = List.of(256, 512, 1024, 2048);
    private static final List<Integer> CORES = List.of(1, 2, 4);

    private LegacyAppsGenerator() {
    }

    /** Six running, two stopped, one error, one deploying: the Python weights by repetition. */
    private static List<String> statuses() {
        List<String> statuses = new ArrayList<>(Collections.nCopies(6, "running"));
        statuses.addAll(Collections.nCopies(2, "stopped"));
        statuses.add("error");
        statuses.add("deploying");
        return List.copyOf(statuses);
    }

    /**
     * @param count how many apps
     * @param seed the random seed
     * @return the apps, in file order
     */
    static List<LegacyApp> generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        PythonRandom random = new PythonRandom(seed);
        List<LegacyApp> apps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String catalog = catalogOf(i);
            String host = hostnameOf(i);
            // The order of the random draws below is the Python generator's; changing it changes the file.
            String timestamp = String.format("2025-%02d-%02d %02d:%02d:%02d",
                    1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7) % 60);
            if (i % 3 == 0) {
                timestamp += String.format(".%06d", random.randrange(1_000_000));
            }
            if (i % 5 == 0) {
                timestamp = timestamp.replace(' ', 'T');
            }
            String status = random.choice(STATUSES);
            String url = "http://10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256) + ":80";
            int memory = random.choice(MEMORY);
            int cores = random.choice(CORES);
            apps.add(new LegacyApp(i, catalog, host, status, url, 100 + i, NODES.get(i % 3), timestamp, memory, cores));
        }
        return apps;
    }

    /** @param index an app's position @return its catalog id */
    static String catalogOf(int index) {
        return CATALOGS.get(index % CATALOGS.size());
    }

    /** @param index an app's position @return its hostname */
    static String hostnameOf(int index) {
        return catalogOf(index) + "-" + String.format("%07d", index);
    }

    /** @param index an app's position @return its id, without generating the file */
    static String idOf(int index) {
        return catalogOf(index) + "-" + hostnameOf(index);
    }

    /**
     * Writes the apps as Python's {@code json.dump} does by default ({@code ", "} and {@code ": "}
     * separators, no trailing newline). Every generated string is plain ASCII, so none needs escaping.
     *
     * @param apps the apps
     * @param out where to write
     * @throws IOException when writing fails
     */
    static void writeJson(List<LegacyApp> apps, Writer out) throws IOException {
        out.write("{\"apps\": [");
        for (int i = 0; i < apps.size(); i++) {
            if (i > 0) {
                out.write(", ");
            }
            writeApp(apps.get(i), out);
        }
        out.write("]}");
    }

    private static void writeApp(LegacyApp app, Writer out) throws IOException {
        out.write("{\"id\": \"" + app.id() + "\", \"catalog_id\": \"" + app.catalogId() + "\", \"name\": \"" + app.name()
                + "\", \"hostname\": \"" + app.hostname() + "\", \"status\": \"" + app.status() + "\", \"url\": \"" + app.url()
                + "\", \"lxc_id\": " + app.lxcId() + ", \"node\": \"" + app.node() + "\", \"created_at\": \"" + app.timestamp()
                + "\", \"updated_at\": \"" + app.timestamp() + "\", \"config\": {\"memory\": " + app.memory()
                + ", \"cores\": " + app.cores() + "}, \"ports\": {\"80\": 80}, \"volumes\": [\"" + app.volume()
                + "\"], \"environment\": {\"TZ\": \"UTC\", \"APP_INDEX\": \"" + app.index() + "\"}}");
    }

    /**
     * Writes the file whole or not at all: to a temporary sibling first, then renamed into place,
     * so an interrupted run never leaves a truncated file that a later run would trust.
     *
     * @param apps the apps
     * @param file the target file
     */
    /**
     * Writes the file {@code gen-legacy-apps.py COUNT} writes (same apps, same seed).
     *
     * @param count how many apps
     * @param file where
     */
    public static void writeLegacyFile(int count, Path file) {
        writeJsonFile(generate(count, DEFAULT_SEED), file);
    }

    static void writeJsonFile(List<LegacyApp> apps, Path file) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writeJson(apps, out);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated apps to " + file, e);
        }
    }

    /**
     * {@code java -cp proximity.jar dev.proximity.samples.bench.LegacyAppsGenerator N [SEED]}: writes
     * the file to standard output, like the Python script, so the two can be compared byte for byte.
     *
     * @param args N and an optional seed
     * @throws IOException when standard output fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LegacyAppsGenerator N [SEED]");
            System.exit(2);
        }
        long seed = args.length == 2 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        writeJson(generate(Integer.parseInt(args[0]), seed), out);
        out.flush();
    }
}
