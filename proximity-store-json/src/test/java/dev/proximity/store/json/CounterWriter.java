package dev.proximity.store.json;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.Counters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child-process writer for the crash and multi-process tests. Keeps a counter in the config of
 * one app and increments it by read-modify-write transactions.
 *
 * <ul>
 *   <li>{@code increment FILE N}: prints {@code ready}, waits for a line on standard input (so
 *       several writers start together), increments N times, then exits 0.</li>
 *   <li>{@code loop FILE}: increments until killed, printing each committed value on its own line.</li>
 * </ul>
 */
public final class CounterWriter {

    /** The id of the app whose config holds the counter. */
    static final String COUNTER_ID = "nginx-counter";

    private CounterWriter() {
    }

    /**
     * @param args {@code increment FILE N} or {@code loop FILE}
     * @throws IOException when standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (JsonFileStore store = JsonFileStore.open(Path.of(args[1]))) {
            if (args[0].equals("increment")) {
                int times = Integer.parseInt(args[2]);
                System.out.println("ready");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                for (int i = 0; i < times; i++) {
                    increment(store);
                }
            } else {
                while (true) {
                    System.out.println(increment(store));
                    System.out.flush();
                }
            }
        }
    }

    /** @return a fresh counter app holding 0 */
    static App counterApp() {
        return App.builder().id(COUNTER_ID).catalogId("nginx").name("Counter").hostname("counter")
                .status(AppStatus.RUNNING).config(Map.of("n", 0)).build();
    }

    /**
     * @param store the store
     * @return the counter value read in one transaction
     */
    static int read(JsonFileStore store) {
        return Counters.read(store, COUNTER_ID);
    }

    /**
     * Adds one to the counter in a single write transaction.
     *
     * @param store the store
     * @return the committed value
     */
    static int increment(JsonFileStore store) {
        return Counters.increment(store, COUNTER_ID);
    }
}
