package dev.proximity.proxmox.simulator.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts {@code /bin/sh} programs on the simulator's host.
 *
 * <p>Program text and data reach the shell as UTF-8 bytes on its standard input, never as argv
 * or environment entries: Java 17 encodes those with the platform charset, which under a POSIX
 * locale would turn every non-ASCII character into {@code ?} before the shell saw it.
 */
final class LocalShell {

    /** A fixed, minimal environment: nothing of the JVM's own environment leaks into "the node". */
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Executor executor;

    /**
     * @param executor runs the threads that feed standard input and drain the outputs
     */
    LocalShell(Executor executor) {
        this.executor = executor;
    }

    /**
     * Starts {@code /bin/sh -c program} with {@code input} on standard input (closed afterwards).
     *
     * @param program the shell program
     * @param directory the working directory
     * @param home the value of {@code HOME}
     * @param input the bytes for standard input
     * @return the started process
     * @throws IOException when the shell cannot be started
     */
    Process start(String program, Path directory, Path home, byte[] input) throws IOException {
        return start(program, directory, home, input, Map.of());
    }

    /**
     * {@link #start(String, Path, Path, byte[])} with variables added to (or replacing) the fixed environment.
     *
     * @param program the shell program
     * @param directory the working directory
     * @param home the value of {@code HOME}
     * @param input the bytes for standard input
     * @param variables more variables, e.g. a container's {@code PATH}
     * @return the started process
     * @throws IOException when the shell cannot be started
     */
    Process start(String program, Path directory, Path home, byte[] input, Map<String, String> variables) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", program)).directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("HOME", home.toString());
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.put("LC_ALL", "C.UTF-8");
        environment.putAll(variables);
        Process process = builder.start();
        executor.execute(() -> feed(process.getOutputStream(), input));
        return process;
    }

    /**
     * Runs a program to completion and captures both outputs.
     *
     * @param program the shell program
     * @param directory the working directory and {@code HOME}
     * @param input the bytes for standard input
     * @param limit how long it may run before it is killed
     * @return the outcome
     * @throws IOException when the shell cannot be started or does not finish in time
     */
    ShellOutcome run(String program, Path directory, byte[] input, Duration limit) throws IOException {
        Process process = start(program, directory, directory, input);
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), executor);
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), executor);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException("local shell did not finish within " + limit.toMillis() + " ms");
            }
            return new ShellOutcome(process.exitValue(), stdout.get(limit.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the local shell", e);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new IOException("could not read the local shell's output", e);
        }
    }

    /**
     * Kills a process and everything it started.
     *
     * @param process the process
     */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Copies a stream to the end and returns its bytes.
     *
     * @param in the stream
     * @return its bytes
     */
    static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param text text
     * @return its UTF-8 bytes
     */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void feed(OutputStream stdin, byte[] input) {
        try (stdin) {
            stdin.write(input);
        } catch (IOException ignored) {
            // The program exited without reading all of its input; that is its right.
        }
    }
}
