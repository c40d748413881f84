package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Several JVMs on one SQLite file: they create it together and lose no update. */
class SqliteMultiProcessTest {

    private static final int PER_PROCESS = 40;

    @TempDir
    Path directory;

    @Test
    void processesOpeningANewFileAtTheSameTimeAllGetTheMigratedSchema() throws Exception {
        Path file = directory.resolve("new.db");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(SqliteChildProcess.class, directory.resolve("open-" + i + ".err"), "open", file.toString()));
            }
            for (ChildJvm child : children) {
                assertThat(child.awaitExit(Duration.ofMinutes(2))).as(child.stderr()).isZero();
                assertThat(child.allLines()).containsExactly("apps 0");
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    @Test
    void twoProcessesIncrementingTheSameAppLoseNoUpdate() throws Exception {
        Path file = directory.resolve("shared.db");
        String url = "jdbc:sqlite:" + file;
        try (JpaStore store = JpaStore.open(url)) {
            store.write((StoreSession s) -> s.apps().insert(App.builder().id("web-counter").catalogId("web").name("Counter")
                    .hostname("counter").status(AppStatus.RUNNING).config(Map.of("n", 0)).build()));
        }

        try (ChildJvm first = ChildJvm.start(SqliteChildProcess.class, directory.resolve("first.err"), "increment", file.toString(), "web-counter", String.valueOf(PER_PROCESS));
             ChildJvm second = ChildJvm.start(SqliteChildProcess.class, directory.resolve("second.err"), "increment", file.toString(), "web-counter", String.valueOf(PER_PROCESS))) {
            assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.stderr()).isZero();
            assertThat(second.awaitExit(Duration.ofMinutes(2))).as(second.stderr()).isZero();
            assertThat(first.allLines()).contains("done");
            assertThat(second.allLines()).contains("done");
        }

        try (JpaStore store = JpaStore.open(url)) {
            App counter = store.read((StoreSession s) -> s.apps().get("web-counter")).orElseThrow();
            assertThat(counter.config().get("n")).isEqualTo(2 * PER_PROCESS);
            assertThat(counter.version()).isEqualTo(1 + 2 * PER_PROCESS);
        }
    }
}
