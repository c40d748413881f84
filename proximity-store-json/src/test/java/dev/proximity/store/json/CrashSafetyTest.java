package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer JVM killed with SIGKILL at random moments, many times: the file always parses and holds
 * a committed state — the last value the writer reported, or the next one if it died between the
 * rename and the report — and nothing else in the file is lost.
 */
class CrashSafetyTest {

    private static final int ROUNDS = 20;
    private static final int BALLAST_APPS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void aKilledWriterAlwaysLeavesACommittedState() throws Exception {
        Path file = directory.resolve("apps.json");
        try (JsonFileStore store = JsonFileStore.open(file)) {
            // ballast makes each write take long enough for kills to land mid-write
            store.write((StoreSession s) -> {
                s.apps().insert(CounterWriter.counterApp());
                for (int i = 0; i < BALLAST_APPS; i++) {
                    s.apps().insert(App.builder().id("nginx-app-" + i).catalogId("nginx").name("App " + i + " ✓")
                            .hostname("app-" + i).status(AppStatus.RUNNING).vmid(1000 + i)
                            .config(Map.of("memory", 512, "padding", "x".repeat(200))).build());
                }
                return null;
            });
        }
        Random random = new Random(20251004L);
        int expectedAtLeast = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ChildJvm child = ChildJvm.start(CounterWriter.class, directory.resolve("child-" + round + ".err"), "loop", file.toString());
            child.nextLine(Duration.ofSeconds(60)); // the child committed once
            Thread.sleep(random.nextInt(120));
            child.kill();

            List<Integer> printed = child.allLines().stream().filter(line -> line.matches("\\d+")).map(Integer::valueOf).toList();
            int lastReported = printed.get(printed.size() - 1);
            JsonNode parsed = JSON.readTree(file.toFile());
            assertThat(parsed.get("apps")).as("round %d", round).hasSize(BALLAST_APPS + 1);
            try (JsonFileStore reopened = JsonFileStore.open(file)) {
                int onDisk = CounterWriter.read(reopened);
                assertThat(onDisk).as("round %d: counter on disk vs last reported %d", round, lastReported)
                        .isIn(lastReported, lastReported + 1);
                assertThat(printed).as("round %d continued from the previous state", round).first().isEqualTo(expectedAtLeast + 1);
                assertThat(reopened.read((StoreSession s) -> s.apps().count())).isEqualTo(BALLAST_APPS + 1);
                assertThat(reopened.read((StoreSession s) -> s.apps().problems())).isEmpty();
                expectedAtLeast = onDisk;
            }
        }

        try (JsonFileStore store = JsonFileStore.open(file)) {
            CounterWriter.increment(store);
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".tmp")))
                    .as("temp files left by killed writers are removed by the next write").isEmpty();
        }
    }
}
