package dev.proximity.proxmox.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The simulated containers' root filesystems: one real directory per container incarnation under
 * the simulator's work directory. Scripts that {@code pct exec} runs "inside" a container work in
 * it; destroying the container deletes it, so an id used again starts from an empty disk.
 */
final class ContainerDisks {

    private final Path root;
    private final boolean owned;
    private final AtomicLong incarnations = new AtomicLong();

    /**
     * @param directory where the disks live, or null for a temporary directory deleted on {@link #close()}
     */
    ContainerDisks(Path directory) {
        try {
            this.owned = directory == null;
            this.root = directory == null ? Files.createTempDirectory("proximity-simulator-disks")
                    : Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulator's disk directory", e);
        }
    }

    /**
     * @param vmid the new container
     * @return its fresh, empty root directory
     */
    Path create(int vmid) {
        try {
            return Files.createDirectories(root.resolve("ct-" + vmid + "-" + incarnations.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the disk of CT " + vmid, e);
        }
    }

    /**
     * @param name what the copy is of, e.g. a backup archive's file name
     * @return a fresh path for a copy of a container's root directory (made by {@link #copyTree})
     */
    Path copyPath(String name) {
        return root.resolve("copy-" + incarnations.incrementAndGet() + "-" + name);
    }

    /** @param disk a container's root directory to delete with everything in it */
    void destroy(Path disk) {
        deleteTree(disk);
    }

    /** Deletes every disk if the directory was a temporary one. */
    void close() {
        if (owned) {
            deleteTree(root);
        }
    }

    static void deleteTree(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /** @return the bytes of every regular file under the directory */
    static long bytes(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + directory, e);
        }
    }

    /**
     * @param from a directory
     * @param to where its copy goes (must not exist)
     */
    static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file)), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
