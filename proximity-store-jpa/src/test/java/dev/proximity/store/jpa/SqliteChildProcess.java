package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.Counters;

import java.util.Map;

/**
 * The program a test runs in a child JVM against one SQLite file, so writers are really in
 * different processes.
 *
 * <ul>
 *   <li>{@code insert-forever FILE}: inserts app after app, printing {@code committed N} after
 *       each commit, until the parent kills it;</li>
 *   <li>{@code increment FILE ID N}: N read-modify-write increments of config {@code n} of app ID,
 *       retrying on optimistic-lock conflicts, then prints {@code done};</li>
 *   <li>{@code open FILE}: opens the store (creating and migrating the file if needed), prints
 *       the number of apps and exits.</li>
 * </ul>
 */
public final class SqliteChildProcess {

    private SqliteChildProcess() {
    }

    /**
     * @param args the mode and its arguments
     */
    public static void main(String[] args) {
        try (JpaStore store = JpaStore.open("jdbc:sqlite:" + args[1])) {
            switch (args[0]) {
                case "insert-forever" -> insertForever(store);
                case "increment" -> increment(store, args[2], Integer.parseInt(args[3]));
                case "open" -> System.out.println("apps " + store.read((StoreSession s) -> s.apps().count()));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void insertForever(JpaStore store) {
        long next = store.read((StoreSession s) -> s.apps().count()) + 1;
        System.out.println("ready");
        System.out.flush();
        for (long n = next; ; n++) {
            App app = counterApp(n);
            store.write((StoreSession s) -> s.apps().insert(app));
            System.out.println("committed " + n);
            System.out.flush();
        }
    }

    /**
     * @param n the sequence number
     * @return the n-th app the insert loop writes
     */
    static App counterApp(long n) {
        return App.builder().id("crash-" + n).catalogId("crash").name("Crash " + n).hostname("crash-" + n)
                .status(AppStatus.RUNNING).config(Map.of("n", Math.toIntExact(n), "padding", "x".repeat(200))).build();
    }

    private static void increment(JpaStore store, String id, int times) {
        for (int i = 0; i < times; i++) {
            Counters.increment(store, id);
        }
        System.out.println("done");
        System.out.flush();
    }
}
