package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.Page;
import dev.proximity.api.store.StoreSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * On-demand benchmark (not part of the test suite): get by id and a filtered, paged listing on a
 * large legacy file, against the naive baseline of parsing the whole file per read. Run it as
 * described in {@code BENCHMARKS.md} of this module.
 */
public final class JsonStoreBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonStoreBenchmark() {
    }

    /**
     * @param args the legacy file to read (it is copied, never changed), then optionally the number
     *             of indexed reads per measurement (default 20000)
     * @throws Exception when the file cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path file = Files.createTempDirectory("proximity-bench").resolve("apps.json");
        Files.copy(source, file);
        System.out.printf("file: %s (%.1f MB)%n", source, Files.size(file) / 1e6);

        long start = System.nanoTime();
        try (JsonFileStore store = JsonFileStore.open(file)) {
            System.out.printf("open (parse + index):          %10.1f ms%n", (System.nanoTime() - start) / 1e6);
            List<String> ids = store.read((StoreSession s) -> s.apps().listAfter(null, Integer.MAX_VALUE)).stream()
                    .map(App::id).toList();
            System.out.printf("apps: %d%n", ids.size());
            Random random = new Random(42);
            AppQuery query = AppQuery.all().withStatuses(AppStatus.RUNNING).withNode("pve2").withPage(10, 50);

            IntSupplier getById = () -> store.read((StoreSession s) -> s.apps().get(ids.get(random.nextInt(ids.size())))
                    .orElseThrow().vmid());
            IntSupplier list = () -> store.read((StoreSession s) -> s.apps().find(query)).items().size();
            measure("indexed get by id", reads, getById);
            measure("indexed filtered page", Math.max(1, reads / 200), list);

            IntSupplier naiveGet = () -> naiveGetVmid(file, ids.get(random.nextInt(ids.size())));
            IntSupplier naiveList = () -> naiveFilteredPage(file);
            measure("naive get by id (parse/read)", 5, naiveGet);
            measure("naive filtered page (parse/read)", 5, naiveList);

            start = System.nanoTime();
            App first = store.read((StoreSession s) -> s.apps().get(ids.get(0)).orElseThrow());
            store.write((StoreSession s) -> s.apps().update(first.toBuilder().url("http://bench").build()));
            System.out.printf("one update (lock, verify, rewrite, fsync): %.1f ms%n", (System.nanoTime() - start) / 1e6);
            Page<App> page = store.read((StoreSession s) -> s.apps().find(query));
            System.out.printf("filtered page check: %d items of %d matching%n", page.items().size(), page.total());
        }
    }

    private static void measure(String what, int times, IntSupplier work) {
        int sink = 0;
        for (int i = 0; i < Math.min(times, 3); i++) {
            sink += work.getAsInt();
        }
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            sink += work.getAsInt();
        }
        double micros = (System.nanoTime() - start) / 1e3 / times;
        System.out.printf("%-32s %12.1f µs/op  (%d ops, sink %d)%n", what + ":", micros, times, sink);
    }

    /** What the original did: parse the whole file for every lookup. */
    private static int naiveGetVmid(Path file, String id) {
        for (JsonNode app : parse(file).get("apps")) {
            if (id.equals(app.path("id").asText())) {
                return app.path("lxc_id").asInt();
            }
        }
        throw new IllegalStateException(id);
    }

    private static int naiveFilteredPage(Path file) {
        int matched = 0;
        int onPage = 0;
        for (JsonNode app : parse(file).get("apps")) {
            if ("running".equals(app.path("status").asText()) && "pve2".equals(app.path("node").asText())) {
                if (matched >= 500 && matched < 550) {
                    onPage++;
                }
                matched++;
            }
        }
        return onPage;
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
