package dev.proximity.store.json;

import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Two writer JVMs and this one incrementing the same file: no update is lost. */
class MultiProcessTest {

    private static final int PER_WRITER = 100;

    @TempDir
    Path directory;

    @Test
    void concurrentProcessesLoseNoUpdate() throws Exception {
        Path file = directory.resolve("apps.json");
        try (JsonFileStore store = JsonFileStore.open(file)) {
            store.write((StoreSession s) -> s.apps().insert(CounterWriter.counterApp()));

            ChildJvm first = ChildJvm.start(CounterWriter.class, directory.resolve("first.err"), "increment", file.toString(), String.valueOf(PER_WRITER));
            ChildJvm second = ChildJvm.start(CounterWriter.class, directory.resolve("second.err"), "increment", file.toString(), String.valueOf(PER_WRITER));
            first.nextLine(Duration.ofSeconds(60)); // ready
            second.nextLine(Duration.ofSeconds(60));
            first.send("go");
            second.send("go");
            for (int i = 0; i < PER_WRITER; i++) {
                CounterWriter.increment(store);
            }

            assertThat(first.awaitExit(Duration.ofMinutes(2))).as("first writer; stderr: %s", first.stderr()).isZero();
            assertThat(second.awaitExit(Duration.ofMinutes(2))).as("second writer; stderr: %s", second.stderr()).isZero();
            assertThat(CounterWriter.read(store)).isEqualTo(3 * PER_WRITER);
            assertThat(store.read((StoreSession s) -> s.apps().get(CounterWriter.COUNTER_ID).orElseThrow().version()))
                    .isEqualTo(1 + 3 * PER_WRITER);
        }
    }
}
