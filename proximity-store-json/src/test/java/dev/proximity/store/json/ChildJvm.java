package dev.proximity.store.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CounterWriter} in its own JVM, on this test's class path, with its output lines
 * collected and its error output kept in a file for failure messages.
 */
final class ChildJvm {

    private final Process process;
    private final Path errors;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstLine = new CountDownLatch(1);
    private final Thread pump;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.pump = new Thread(this::collectOutput, "child-jvm-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param errors where the child's error output goes
     * @param args the {@link CounterWriter} arguments
     * @return the started child
     * @throws IOException when it cannot be started
     */
    static ChildJvm start(Path errors, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CounterWriter.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new ChildJvm(process, errors);
    }

    private void collectOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                firstLine.countDown();
            }
        } catch (IOException streamClosed) {
            // the child died; what was read is kept
        }
    }

    /**
     * @param seconds the most to wait
     * @return whether the child printed a line in time (ready, or its first committed value)
     * @throws InterruptedException when interrupted
     */
    boolean awaitFirstLine(long seconds) throws InterruptedException {
        return firstLine.await(seconds, TimeUnit.SECONDS);
    }

    /**
     * Sends one line to the child's standard input.
     *
     * @param line the line
     * @throws IOException when the child is gone
     */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Kills the child with SIGKILL (on Linux) and collects everything it printed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * @param seconds the most to wait
     * @return the exit code
     * @throws InterruptedException when interrupted
     * @throws AssertionError when the child does not finish in time (it is killed)
     */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + seconds + " s; stderr: " + errorOutput());
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    /** @return the numbers the child printed, in order */
    List<Integer> printedValues() {
        synchronized (lines) {
            return lines.stream().filter(line -> line.matches("\\d+")).map(Integer::valueOf).toList();
        }
    }

    /** @return the child's error output, for failure messages */
    String errorOutput() {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
