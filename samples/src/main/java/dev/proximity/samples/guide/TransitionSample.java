package dev.proximity.samples.guide;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.samples.cli.ProximityCommand;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transitional deployment: an application keeps writing through the dual-write store while an
 * operator moves its state from {@code apps.json} into a database with the command-line tool
 * (dual write, backfill, verify, database primary, database only). The application never stops and
 * never learns which phase it is in: every write goes where the phase in force says.
 */
public final class TransitionSample {

    private TransitionSample() {
    }

    /**
     * @param jsonFile the application's existing {@code apps.json}
     * @param databaseUrl the database to move to, e.g. {@code jdbc:sqlite:data/proximity.db}
     * @param out where the operator's commands and their output go
     * @return how many writes the application made during the move (all of them are in the database)
     * @throws InterruptedException when interrupted
     */
    public static int run(Path jsonFile, String databaseUrl, PrintStream out) throws InterruptedException {
        String dual = "dual:json:" + jsonFile + "|" + databaseUrl;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean paused = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        Thread application = new Thread(() -> {
            try (ProximityStore store = Stores.open(dual)) {
                while (running.get()) {
                    if (!paused.get()) {
                        int n = writes.incrementAndGet();
                        String hostname = "app-" + n;
                        store.write((StoreSession s) -> s.apps().insert(App.builder().id(App.idFor("nginx", hostname))
                                .catalogId("nginx").name("Nginx").hostname(hostname).status(AppStatus.RUNNING).node("pve")
                                .createdAt(Instant.now()).updatedAt(Instant.now()).build()));
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "application");
        application.start();

        operator(out, "phase", "--store", dual, "set", "DUAL_WRITE");
        operator(out, "migrate", "--from", "json:" + jsonFile, "--to", databaseUrl);
        paused.set(true);   // verify compares a quiet moment; the writes in flight would show as differences
        Thread.sleep(100);
        operator(out, "verify", "--from", "json:" + jsonFile, "--to", databaseUrl);
        paused.set(false);
        operator(out, "phase", "--store", dual, "set", "DB_PRIMARY");
        Thread.sleep(200);
        operator(out, "phase", "--store", dual, "set", "DB_ONLY");
        Thread.sleep(200);
        running.set(false);
        application.join();
        operator(out, "phase", "--store", dual);
        return writes.get();
    }

    private static void operator(PrintStream out, String... args) {
        out.println("$ proximity " + String.join(" ", List.of(args)));
        PrintWriter writer = new PrintWriter(out, true);
        int exit = ProximityCommand.commandLine().setOut(writer).setErr(writer).execute(args);
        writer.flush();
        if (exit != 0) {
            throw new IllegalStateException("proximity " + args[0] + " exited " + exit);
        }
    }
}
