package dev.proximity.samples.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the test class path in a separate JVM, so tests can prove behaviour
 * across processes (and kill one with SIGKILL).
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param mainClass the class whose {@code main} runs
     * @param stderr where the child's standard error goes
     * @param args its arguments
     * @return the running child
     * @throws IOException when it cannot start
     */
    public static ChildJvm start(Class<?> mainClass, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("CLASSPATH", String.join(File.pathSeparator, System.getProperty("java.class.path")));
        return new ChildJvm(builder.start());
    }

    /**
     * @return the next line the child printed, or null at end of output
     * @throws IOException on read failure
     */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    /**
     * Waits for the child to exit.
     *
     * @param seconds the most to wait
     * @return its exit code
     * @throws InterruptedException when interrupted
     */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish in " + seconds + " s");
        }
        return process.exitValue();
    }

    /** Kills the child with SIGKILL: no shutdown hooks, no finally blocks, like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
