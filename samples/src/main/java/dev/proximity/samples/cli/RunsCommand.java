package dev.proximity.samples.cli;

import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import dev.proximity.core.StoreMigration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code proximity runs}: the migration runs a store recorded. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Lists the migration runs recorded in a store (the target of each run), newest first.",
                "A run whose process died shows as interrupted; continue it with: migrate --from ... --to ... --resume RUN."})
final class RunsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "the store, e.g. jdbc:sqlite:data/proximity.db")
    private String store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ProximityStore opened = Stores.open(store)) {
            List<MigrationRun> runs = StoreMigration.runsIn(opened);
            out.printf(Locale.ROOT, "%-36s  %-11s  %-20s  %9s  %7s  %7s  %7s  %6s%n", "RUN", "STATUS", "STARTED", "PROCESSED",
                    "CREATED", "UPDATED", "SKIPPED", "ERRORS");
            for (MigrationRun run : runs) {
                out.printf(Locale.ROOT, "%-36s  %-11s  %-20s  %9d  %7d  %7d  %7d  %6d%n", run.id(),
                        run.status().name().toLowerCase(Locale.ROOT), run.startedAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        run.progress().processed(), run.counts().created(), run.counts().updated(), run.counts().skipped(),
                        run.counts().errors());
            }
            if (runs.isEmpty()) {
                out.println("(no migration runs recorded in " + opened.descriptor() + ")");
            }
            out.flush();
            return 0;
        }
    }
}
