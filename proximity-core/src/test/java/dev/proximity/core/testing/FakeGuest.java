package dev.proximity.core.testing;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.GuestExec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An in-memory {@link GuestExec} for proximity-core's fast tests. It refuses containers the
 * {@link FakePlatform} does not run, records every script, understands the few commands the core
 * sends (compose up/down mark a stack up or down; a probe answers once the stack is up), and lets
 * a test make a script fail with an exit code or an exception.
 */
public final class FakeGuest implements GuestExec {

    private final FakePlatform platform;
    private final List<Script> scripts = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Set<Integer> stacksUp = new HashSet<>();
    private boolean neverAnswers;

    /** A script run in a container. */
    public record Script(String node, int vmid, String text) {
    }

    private record Fault(String fragment, int[] remaining, Supplier<Object> outcome) {
    }

    /** @param platform the platform whose containers it runs commands in */
    public FakeGuest(FakePlatform platform) {
        this.platform = platform;
    }

    /**
     * Makes the next {@code times} scripts containing {@code fragment} exit non-zero.
     *
     * @param fragment text the script contains
     * @param times how many
     * @param exitCode the exit status
     * @param stderr the error output
     */
    public synchronized void exit(String fragment, int times, int exitCode, String stderr) {
        faults.add(new Fault(fragment, new int[] {times}, () -> new ExecResult(exitCode, "", stderr)));
    }

    /**
     * Makes the next {@code times} scripts containing {@code fragment} throw.
     *
     * @param fragment text the script contains
     * @param times how many
     * @param error the failure
     */
    public synchronized void fail(String fragment, int times, Supplier<RuntimeException> error) {
        faults.add(new Fault(fragment, new int[] {times}, error::get));
    }

    /**
     * Makes the next script containing {@code fragment} succeed only after a while (other scripts wait meanwhile).
     *
     * @param fragment text the script contains
     * @param delay how long it takes
     * @param started counted down when it starts
     */
    public synchronized void slow(String fragment, Duration delay, java.util.concurrent.CountDownLatch started) {
        faults.add(new Fault(fragment, new int[] {1}, () -> {
            started.countDown();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExecResult(0, "", "");
        }));
    }

    /** Makes every probe fail, as if the app never came up. */
    public synchronized void neverAnswer() {
        neverAnswers = true;
    }

    /** @return every script run, in order */
    public synchronized List<Script> scripts() {
        return List.copyOf(scripts);
    }

    /** @return whether the container's stack was brought up and not down since */
    public synchronized boolean stackUp(int vmid) {
        return stacksUp.contains(vmid);
    }

    @Override
    public ExecResult run(String node, int vmid, String command, Duration timeout) {
        if (!platform.isRunning(node, vmid)) {
            throw new PlatformException("pct exec " + vmid + " on " + node, "CT " + vmid + " is not running on node " + node, null);
        }
        synchronized (this) {
            scripts.add(new Script(node, vmid, command));
            for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
                Fault fault = it.next();
                if (command.contains(fault.fragment) && fault.remaining[0] > 0) {
                    if (--fault.remaining[0] == 0) {
                        it.remove();
                    }
                    Object outcome = fault.outcome.get();
                    if (outcome instanceof RuntimeException error) {
                        throw error;
                    }
                    return (ExecResult) outcome;
                }
            }
            if (command.contains(" up -d")) {
                stacksUp.add(vmid);
            } else if (command.contains("docker compose -p") && command.endsWith(" down")) {
                stacksUp.remove(vmid);
            } else if (command.contains("nc -z")) {
                return stacksUp.contains(vmid) && !neverAnswers ? new ExecResult(0, "", "") : new ExecResult(1, "", "");
            } else if (command.contains("docker compose version")) {
                return new ExecResult(0, "docker installed with apt-get\n", "");
            }
            return new ExecResult(0, "", "");
        }
    }

    /** Forgets stack state of a container whose container stopped. */
    public synchronized void containerStopped(int vmid) {
        stacksUp.remove(vmid);
    }
}
