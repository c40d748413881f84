package dev.proximity.samples.cli;

import dev.proximity.api.migration.MigrationPlan;
import dev.proximity.api.migration.MigrationReport;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.core.StoreMigration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code proximity migrate}: copy every record of one store into another. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copies every record (apps, port leases, deployment logs, migration runs, settings) from one store into another,",
                "e.g. a legacy apps.json into SQLite or PostgreSQL, or back. Idempotent: records already there as new or newer",
                "are skipped; the source is only read. Batches commit with a checkpoint, so a killed run resumes with --resume.",
                "Exit status: 0 done without record errors, 1 done with record errors (or cancelled), 2 fatal or usage error."})
final class MigrateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "the source store, e.g. json:data/apps.json")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "the target store, e.g. jdbc:sqlite:data/proximity.db")
    private String to;

    @Option(names = "--dry-run", description = "report what would be created, updated and skipped; write nothing")
    private boolean dryRun;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + MigrationRequest.DEFAULT_BATCH_SIZE,
            description = "records per transaction, 1 to 10000 (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue an interrupted, failed or cancelled run after its checkpoint")
    private String resume;

    @Option(names = "--default-owner", paramLabel = "ID", description = "owner for apps that have none (the original gave them to its first admin)")
    private String defaultOwner;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MigrationRequest request = new MigrationRequest(batch, dryRun, defaultOwner);
        try (StoreMigration migration = StoreMigration.between(from, to)) {
            if (dryRun) {
                return plan(out, migration.plan(request));
            }
            ProgressDisplay progress = new ProgressDisplay(out, ProgressDisplay.onTerminal());
            MigrationRun run = resume == null ? migration.start(request, progress) : migration.resume(resume, progress);
            out.println("run " + run.id() + (resume == null ? " started" : " resumed") + ": " + run.source() + " -> " + run.target());
            out.flush();
            MigrationReport report = migration.await(run.id());
            progress.done();
            return summary(out, report);
        }
    }

    private static int plan(PrintWriter out, MigrationPlan plan) {
        out.println("dry run: " + plan.source() + " -> " + plan.target() + " (nothing written)");
        out.println("records: " + plan.sourceRecords());
        out.println("would create: " + plan.wouldCreate());
        out.println("would update: " + plan.wouldUpdate());
        out.println("would skip: " + plan.wouldSkip());
        out.println("errors: " + plan.problems().size());
        problems(out, plan.problems());
        return plan.problems().isEmpty() ? 0 : 1;
    }

    private static int summary(PrintWriter out, MigrationReport report) {
        MigrationRun run = report.run();
        out.println("status: " + run.status().name().toLowerCase(java.util.Locale.ROOT));
        out.println("created: " + run.counts().created());
        out.println("updated: " + run.counts().updated());
        out.println("skipped: " + run.counts().skipped());
        out.println("errors: " + run.counts().errors());
        problems(out, report.outcomes().stream().filter(o -> o.result() == RecordOutcome.Result.ERROR).toList());
        List<RecordOutcome> owners = report.outcomes().stream().filter(o -> o.result() == RecordOutcome.Result.UPDATED
                && o.reason() != null && o.reason().startsWith("had no owner")).toList();
        if (!owners.isEmpty()) {
            out.println("default owner given to " + owners.size() + " app(s) without one: "
                    + String.join(", ", owners.stream().limit(20).map(RecordOutcome::id).toList()) + (owners.size() > 20 ? ", ..." : ""));
        }
        if (run.status() == MigrationRunStatus.FAILED) {
            out.println("failed: " + run.events().get(run.events().size() - 1).message());
            out.println("resume with: --resume " + run.id());
            out.flush();
            return 2;
        }
        if (run.status() == MigrationRunStatus.CANCELLED) {
            out.println("cancelled; resume with: --resume " + run.id());
        }
        out.flush();
        return run.counts().errors() > 0 || run.status() != MigrationRunStatus.COMPLETED ? 1 : 0;
    }

    private static void problems(PrintWriter out, List<RecordOutcome> problems) {
        for (RecordOutcome problem : problems) {
            out.println("  " + (problem.position() >= 0 ? "record " + problem.position() : "record")
                    + (problem.id() == null ? "" : " (" + problem.id() + ")") + ": " + problem.reason());
        }
    }
}
