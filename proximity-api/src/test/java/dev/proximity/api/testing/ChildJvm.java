package dev.proximity.api.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path running in its own JVM, so tests can prove behaviour across
 * processes and kill one with SIGKILL mid-write. Its standard output is collected line by line on a
 * background thread; its standard error goes to a file quoted in failure messages.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final Thread pump;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.pump = new Thread(this::collectOutput, "child-jvm-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param mainClass the class whose {@code main} runs
     * @param stderr the file the child's standard error goes to
     * @param args its arguments
     * @return the running child
     * @throws IOException when it cannot start
     */
    public static ChildJvm start(Class<?> mainClass, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr);
    }

    private void collectOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (all) {
                    all.add(line);
                }
                unread.add(line);
            }
        } catch (IOException pipeClosed) {
            // the child died mid-line; what was read is all there is
        }
    }

    /**
     * Waits for the next line the child prints.
     *
     * @param timeout the longest wait
     * @return the line
     * @throws AssertionError when nothing comes in time (with the child's standard error)
     * @throws InterruptedException when interrupted
     */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("child JVM printed nothing for " + timeout + "; alive=" + process.isAlive()
                    + "; stderr:\n" + stderr());
        }
        return line;
    }

    /**
     * Waits until the child prints a line starting with the prefix, passing over the lines it printed before this
     * call and any other lines. {@link #allLines()} still has them all.
     *
     * @param prefix what the line starts with
     * @param timeout the longest wait
     * @return the line
     * @throws AssertionError when no such line comes in time
     * @throws InterruptedException when interrupted
     */
    public String nextFreshLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
        unread.clear();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String line = unread.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("child JVM printed no line starting with '" + prefix + "' for " + timeout
                + "; alive=" + process.isAlive() + "; stderr:\n" + stderr());
    }

    /**
     * Sends one line to the child's standard input.
     *
     * @param line the line
     * @throws IOException when the child is gone
     */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** @return whether the child is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGKILL: no shutdown hooks, no finally blocks, like a crash. Through the process handle,
     * not {@link Process#destroyForcibly()}: that one also closes our end of the output pipe and
     * drops the lines the child printed just before it died, which crash tests need.
     *
     * @throws InterruptedException when interrupted
     */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM " + process.pid() + " did not die after SIGKILL");
        }
    }

    /**
     * @param timeout the longest wait
     * @return the exit code
     * @throws AssertionError when the child does not finish in time (it is then killed)
     * @throws InterruptedException when interrupted
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /**
     * Every line the child printed, read or not; call after it exited or was killed.
     *
     * @return the lines, in order
     * @throws InterruptedException when interrupted
     */
    public List<String> allLines() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM " + process.pid() + " is still running; kill it or await its exit first");
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** @return what the child wrote to standard error, for failure messages */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
