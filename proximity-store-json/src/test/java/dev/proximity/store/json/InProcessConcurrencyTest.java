package dev.proximity.store.json;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several threads of one JVM writing through two store instances opened on the same file: the
 * in-process lock keeps their file locks from overlapping, and no insert or increment is lost.
 */
class InProcessConcurrencyTest {

    private static final int THREADS = 6;
    private static final int PER_THREAD = 20;

    @TempDir
    Path directory;

    @Test
    void threadsOnTwoStoresOfOneFileLoseNothing() throws Exception {
        Path file = directory.resolve("apps.json");
        try (JsonFileStore one = JsonFileStore.open(file); JsonFileStore two = JsonFileStore.open(file)) {
            one.write((StoreSession s) -> s.apps().insert(CounterWriter.counterApp()));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    JsonFileStore store = t % 2 == 0 ? one : two;
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            CounterWriter.increment(store);
                            String hostname = "t" + thread + "-n" + i;
                            store.write((StoreSession s) -> s.apps().insert(App.builder().id("nginx-" + hostname)
                                    .catalogId("nginx").name(hostname).hostname(hostname).status(AppStatus.RUNNING).build()));
                            // a reader racing the writers always sees a consistent snapshot
                            store.read((StoreSession s) -> assertThat(s.apps().count())
                                    .isEqualTo(s.apps().listAfter(null, 1000).size()));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(CounterWriter.read(one)).isEqualTo(THREADS * PER_THREAD);
            assertThat(CounterWriter.read(two)).isEqualTo(THREADS * PER_THREAD);
            assertThat(two.read((StoreSession s) -> s.apps().count())).isEqualTo(1L + THREADS * PER_THREAD);
        }
    }
}
