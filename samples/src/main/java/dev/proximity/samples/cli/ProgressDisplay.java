package dev.proximity.samples.cli;

import dev.proximity.api.migration.MigrationListener;
import dev.proximity.api.migration.MigrationRun;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a migration's progress: a bar redrawn in place on a terminal, a plain line at most every
 * few seconds otherwise (logs and pipes get no carriage returns).
 */
final class ProgressDisplay implements MigrationListener {

    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPlain;
    private long lastPlainProcessed = -1;
    private boolean drawn;

    ProgressDisplay(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public synchronized void progress(MigrationRun run) {
        long processed = run.progress().processed();
        long total = Math.max(run.progress().total(), processed);
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        String rate = String.format(Locale.ROOT, "%,.0f apps/s", processed / seconds);
        if (terminal) {
            int filled = total == 0 ? WIDTH : (int) (WIDTH * processed / total);
            out.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d  %s  errors %d", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    total == 0 ? 100 : 100 * processed / total, processed, total, rate, run.counts().errors());
            drawn = true;
        } else if (processed != lastPlainProcessed
                && (System.nanoTime() - lastPlain >= PLAIN_EVERY_NANOS || (total > 0 && processed == total))) {
            lastPlain = System.nanoTime();
            lastPlainProcessed = processed;
            out.printf(Locale.ROOT, "progress: %,d/%,d app records, %s, %d errors%n", processed, total, rate, run.counts().errors());
        }
        out.flush();
    }

    /** Ends the bar's line. */
    synchronized void done() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }
}
