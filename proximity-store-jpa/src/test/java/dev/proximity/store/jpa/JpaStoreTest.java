package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of the JPA store beyond the shared contract: discovery, descriptors, misuse, failures. */
class JpaStoreTest {

    @TempDir
    Path directory;

    private static App app(String hostname) {
        return App.builder().id("web-" + hostname).catalogId("web").name(hostname).hostname(hostname)
                .status(AppStatus.RUNNING).build();
    }

    @Test
    void storesOpenFindsTheJpaStoreForSqliteUrls() {
        try (ProximityStore store = Stores.open("jdbc:sqlite:" + directory.resolve("found.db"))) {
            assertThat(store).isInstanceOf(JpaStore.class);
            assertThat(store.descriptor().kind()).isEqualTo("sqlite");
            assertThat(store.descriptor().location()).isEqualTo(directory.resolve("found.db").toString());
        }
    }

    @Test
    void sessionIsUnusableOnceItsTransactionEnded() {
        try (JpaStore store = JpaStore.open("jdbc:sqlite:" + directory.resolve("s.db"))) {
            AtomicReference<StoreSession> leaked = new AtomicReference<>();
            store.read((StoreSession s) -> {
                leaked.set(s);
                return null;
            });

            assertThatThrownBy(() -> leaked.get().apps().count())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has ended");
            assertThatThrownBy(() -> leaked.get().portLeases().find(8100)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nestedWriteFailsFastInsteadOfDeadlockingAndTheOuterWriteRollsBack() {
        try (JpaStore store = JpaStore.open("jdbc:sqlite:" + directory.resolve("n.db"))) {
            assertThatThrownBy(() -> store.write((StoreSession outer) -> {
                outer.apps().insert(app("outer"));
                return store.write((StoreSession inner) -> inner.apps().insert(app("inner")));
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside store.write");

            assertThat(store.read((StoreSession s) -> s.apps().count())).isZero();
            assertThat(store.write((StoreSession s) -> s.apps().insert(app("after")).version())).isEqualTo(1);
        }
    }

    @Test
    void readsRunWhileAnotherThreadHoldsTheWriteTransaction() throws Exception {
        try (JpaStore store = JpaStore.open("jdbc:sqlite:" + directory.resolve("r.db"))) {
            store.write((StoreSession s) -> s.apps().insert(app("before")));
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch readDone = new CountDownLatch(1);
            Thread writer = new Thread(() -> store.write((StoreSession s) -> {
                s.apps().insert(app("during"));
                writing.countDown();
                try {
                    readDone.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            writer.start();
            assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();

            // WAL: the reader sees the last commit, not the open transaction, and does not wait for it
            long seen = store.read((StoreSession s) -> s.apps().count());
            readDone.countDown();
            writer.join(30_000);

            assertThat(seen).isEqualTo(1);
            assertThat(store.read((StoreSession s) -> s.apps().count())).isEqualTo(2);
        }
    }

    @Test
    void unreachablePostgresqlFailsWithAStoreErrorThatHidesThePassword() {
        assertThatThrownBy(() -> JpaStore.open("jdbc:postgresql://127.0.0.1:1/proximity?user=prox&password=hunter2"
                + "&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("postgresql://127.0.0.1:1/proximity")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("hunter2"));
    }

    private static String fullText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
