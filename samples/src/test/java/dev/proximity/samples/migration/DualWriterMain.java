package dev.proximity.samples.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;

import java.time.Instant;

/**
 * A process writing through a dual-write store while another switches its phase: inserts app
 * {@code PREFIX-i}, then stops it in a second write, printing {@code inserted ID} and
 * {@code stopped ID} once each write returned; until it reads {@code stop} on standard input.
 */
public final class DualWriterMain {

    private DualWriterMain() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String prefix = args[1];
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("stop")) {
                        break;
                    }
                }
            } catch (java.io.IOException ignored) {
                // the parent went away: stop as well
            }
            stop.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        Instant t0 = Instant.parse("2025-11-01T10:00:00Z");
        try (ProximityStore store = Stores.open(url)) {
            for (int i = 0; !stop.get(); i++) {
                String hostname = prefix + "-" + i;
                String id = App.idFor("nginx", hostname);
                try {
                    store.write((StoreSession s) -> s.apps().insert(App.builder().id(id).catalogId("nginx").name("Nginx")
                            .hostname(hostname).status(AppStatus.RUNNING).node("pve").createdAt(t0).updatedAt(t0).build()));
                    System.out.println("inserted " + id);
                    store.write((StoreSession s) -> {
                        App app = s.apps().get(id).orElseThrow();
                        return s.apps().update(app.toBuilder().status(AppStatus.STOPPED).updatedAt(t0.plusSeconds(1)).build());
                    });
                    System.out.println("stopped " + id);
                } catch (RuntimeException e) {
                    System.out.println("failed " + id + ": " + e.getMessage());
                }
            }
        }
        System.out.println("done");
        System.exit(0);
    }
}
