package dev.proximity.core.internal.app;

import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.store.StoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The step log of one operation on one deployment attempt. Each entry goes to the store as it happens
 * (through the {@link JournalWriter}, so another thread or process can follow a deploy) and to the
 * listeners. Before a deploy's
 * intent is recorded there is no app to log under yet: entries are kept in memory and stored with
 * the intent, in the same transaction.
 */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final JournalWriter writer;
    private final Clock clock;
    private final String appId;
    private final String deploymentId;
    private final List<DeploymentListener> listeners;
    private final BooleanSupplier cancelled;
    private final List<DeploymentLogEntry> entries = new ArrayList<>();
    private final List<DeploymentLogEntry> unstored = new ArrayList<>();
    private boolean stored;

    private Journal(JournalWriter writer, Clock clock, String appId, String deploymentId, List<DeploymentListener> listeners,
                    BooleanSupplier cancelled, boolean stored) {
        this.writer = writer;
        this.clock = clock;
        this.appId = appId;
        this.deploymentId = deploymentId;
        this.listeners = List.copyOf(listeners);
        this.cancelled = cancelled;
        this.stored = stored;
    }

    /** A journal whose entries wait in memory until {@link #storePendingIn} (a deploy before its intent). */
    static Journal beforeIntent(JournalWriter writer, Clock clock, String appId, String deploymentId,
                                List<DeploymentListener> listeners, BooleanSupplier cancelled) {
        return new Journal(writer, clock, appId, deploymentId, listeners, cancelled, false);
    }

    /** A journal that stores every entry at once (an operation on a stored app). */
    static Journal stored(JournalWriter writer, Clock clock, String appId, String deploymentId,
                          List<DeploymentListener> listeners, BooleanSupplier cancelled) {
        return new Journal(writer, clock, appId, deploymentId, listeners, cancelled, true);
    }

    String appId() {
        return appId;
    }

    String deploymentId() {
        return deploymentId;
    }

    /** @return every entry so far, oldest first */
    synchronized List<DeploymentLogEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Stores the entries kept in memory, inside the caller's transaction (the intent's), and from
     * then on stores each entry as it is logged. Call {@link #markStored()} once that transaction committed.
     *
     * @param session the intent's write session
     */
    synchronized void storePendingIn(StoreSession session) {
        unstored.forEach(session.deploymentLogs()::append);
    }

    /** The transaction of {@link #storePendingIn} committed. */
    synchronized void markStored() {
        unstored.clear();
        stored = true;
    }

    void info(String step, String message) {
        log(LogLevel.INFO, step, message, null);
    }

    void warn(String step, String message) {
        log(LogLevel.WARNING, step, message, null);
    }

    void error(String step, String message) {
        log(LogLevel.ERROR, step, message, null);
    }

    /**
     * Runs one step and logs how it went and how long it took.
     *
     * @param step the step's name
     * @param work the work
     * @param success the message logged when it succeeds
     * @param <T> its result type
     * @return its result
     * @throws StepFailure carrying the step and what it met (also logged)
     */
    <T> T step(String step, Supplier<T> work, Function<T, String> success) {
        if (cancelled.getAsBoolean()) {
            RuntimeException cancel = new IllegalStateException("Proximity is closing; the operation was cancelled before step " + step);
            log(LogLevel.ERROR, step, cancel.getMessage(), null);
            throw new StepFailure(step, cancel);
        }
        long started = System.nanoTime();
        T result;
        try {
            result = work.get();
        } catch (StepFailure nested) {
            throw nested;
        } catch (RuntimeException e) {
            log(LogLevel.ERROR, step, describe(e), elapsedSince(started));
            throw new StepFailure(step, e);
        }
        log(LogLevel.INFO, step, success.apply(result), elapsedSince(started));
        return result;
    }

    /** {@link #step} for work without a result. */
    void step(String step, Runnable work, String success) {
        step(step, () -> {
            work.run();
            return null;
        }, ignored -> success);
    }

    /**
     * @param failure what went wrong
     * @return it in a line a log reader understands: HTTP status and reason, exit code and stderr...
     */
    static String describe(Throwable failure) {
        if (failure instanceof PlatformRefusedException refused) {
            return refused.call() + " answered HTTP " + refused.httpStatus() + " " + refused.reason()
                    + (refused.fieldErrors().isEmpty() ? "" : " " + refused.fieldErrors());
        }
        if (failure instanceof GuestCommandException command) {
            return command.getMessage();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void log(LogLevel level, String step, String message, Duration duration) {
        DeploymentLogEntry entry = new DeploymentLogEntry(appId, deploymentId, clock.instant(), level, step, message, duration);
        boolean storeNow;
        synchronized (this) {
            entries.add(entry);
            storeNow = stored;
            if (!stored) {
                unstored.add(entry);
            }
        }
        if (storeNow) {
            writer.append(entry);
        }
        for (DeploymentListener listener : listeners) {
            try {
                listener.onStep(entry);
            } catch (RuntimeException e) {
                LOG.warn("deployment listener {} failed on step {} of app {}", listener, step, appId, e);
            }
        }
    }
}
