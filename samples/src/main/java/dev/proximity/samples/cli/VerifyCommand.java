package dev.proximity.samples.cli;

import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.store.StoreUrl;
import dev.proximity.core.StoreMigration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code proximity verify}: compare two stores record by record. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compares two stores record by record (apps, port leases, deployment logs) and prints every difference.",
                "Exit status: 0 when they hold the same data, 1 when they differ, 2 on a fatal or usage error."})
final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "the migration's source store")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "the migration's target store")
    private String to;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (StoreMigration migration = StoreMigration.between(from, to)) {
            VerifyReport report = migration.verify();
            String target = StoreUrl.parse(to).toString();
            String source = StoreUrl.parse(from).toString();
            report.missingInTarget().forEach(id -> out.println("missing in " + target + ": " + id));
            report.missingInSource().forEach(id -> out.println("missing in " + source + ": " + id));
            report.different().forEach(difference -> out.println("different: " + difference.id() + ": "
                    + String.join("; ", difference.fields())));
            out.println(report.compared() + " records compared: " + (report.isConsistent() ? "identical" : "not identical"));
            out.flush();
            return report.isConsistent() ? 0 : 1;
        }
    }
}
