package dev.proximity.samples.cli;

import dev.proximity.api.migration.RepairReport;
import dev.proximity.core.DualWriteStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code proximity repair}: replay what one store of a dual-write store missed. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Replays the repair queue of a dual-write store: writes its secondary missed (queued under the QUEUE policy),",
                "and writes whose second commit was never confirmed (a crash between the two). Each named record is copied as the",
                "store holding the truth has it now. Exit status: 0 when nothing is left, 1 when entries could not be replayed."})
final class RepairCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "dual:json:PATH|jdbc:...")
    private String store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DualWriteStore dual = DualStores.open(store)) {
            RepairReport report = dual.repair();
            out.println("found: " + report.found());
            out.println("replayed: " + report.replayed());
            report.failures().forEach(failure -> out.println("  not replayed: " + failure));
            out.flush();
            return report.isComplete() ? 0 : 1;
        }
    }
}
