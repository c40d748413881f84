package dev.proximity.samples.cli;

import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.core.DualWriteStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code proximity phase}: show or switch the migration phase of a dual-write store. */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = {"Shows or switches the migration phase of a dual-write store (dual:json:PATH|jdbc:...).",
                "Phases: JSON_ONLY, DUAL_WRITE, DB_PRIMARY, DB_ONLY, ARCHIVED; one step forward or back at a time, ARCHIVED is final",
                "(it renames the JSON file to NAME.archived-TIMESTAMP). Every process sharing the stores follows on its next call."})
final class PhaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "dual:json:PATH|jdbc:sqlite:PATH (or jdbc:postgresql:...)")
    private String store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "show|set", defaultValue = "show", description = "show (default) or set")
    private String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PHASE", description = "the phase to switch to, with set")
    private MigrationPhase target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!action.equals("show") && !action.equals("set")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected 'show' or 'set PHASE', not '" + action + "'");
        }
        if (action.equals("set") && target == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "set needs a PHASE: one of JSON_ONLY, DUAL_WRITE, DB_PRIMARY, DB_ONLY, ARCHIVED");
        }
        try (DualWriteStore dual = DualStores.open(store)) {
            if (action.equals("show")) {
                out.println("phase: " + dual.phase());
                int pending = dual.pendingRepairs();
                if (pending > 0) {
                    out.println("repairs pending: " + pending + " (run: proximity repair --store ...)");
                }
            } else {
                MigrationPhase before = dual.phase();
                out.println("phase: " + before + " -> " + dual.switchPhase(target));
            }
            out.flush();
            return 0;
        }
    }
}
