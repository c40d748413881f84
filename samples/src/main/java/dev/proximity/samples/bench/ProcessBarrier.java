package dev.proximity.samples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lines up benchmark JVMs so that their measurement windows overlap: each one drops a file named
 * after its process id in a fresh directory and waits until every party has. Used by the contended
 * benchmark, whose figure only means something while both JVMs run at once.
 *
 * @param directory a directory no earlier run used
 * @param parties how many JVMs to wait for; 1 means no waiting
 */
record ProcessBarrier(Path directory, int parties) {
    static final String DIRECTORY = "proximity.bench.barrier.dir";
    static final String PARTIES = "proximity.bench.barrier.parties";

    /** Checks the party count. */
    ProcessBarrier {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be at least 1, was " + parties);
        }
    }

    /** @return the barrier this JVM was started with, or a barrier of one party when none was given */
    static ProcessBarrier fromSystemProperties() {
        String dir = System.getProperty(DIRECTORY);
        return dir == null ? new ProcessBarrier(null, 1) : new ProcessBarrier(Path.of(dir), Integer.getInteger(PARTIES, 1));
    }

    /** @return {@code -D} options that give another JVM this barrier */
    List<String> jvmProperties() {
        List<String> properties = new ArrayList<>();
        properties.add("-D" + DIRECTORY + "=" + directory.toAbsolutePath());
        properties.add("-D" + PARTIES + "=" + parties);
        return properties;
    }

    /**
     * @param timeout how long to wait for the others
     * @throws IllegalStateException when they do not all arrive in time
     */
    void await(Duration timeout) {
        if (parties == 1) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(Long.toString(ProcessHandle.current().pid())), "");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (arrived() < parties) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + arrived() + " of " + parties + " benchmark JVMs reached "
                            + directory + " within " + timeout);
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the barrier directory " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting at " + directory, e);
        }
    }

    private long arrived() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
