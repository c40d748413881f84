package dev.proximity.store.json;

import dev.proximity.api.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The store file on disk: reads it with its stamp, replaces it crash-safely, and serializes writers.
 *
 * <p>Writers are serialized twice: by an in-process lock shared by every store of this JVM that
 * names the same file (a JVM may hold only one {@link FileLock} per file, and closing any channel
 * of a file drops the process's POSIX locks on it), and by an exclusive lock on the sibling
 * {@code NAME.lock} file, which other processes honour. The lock file is never deleted: deleting
 * it would let two processes lock two different inodes.
 */
final class StoreFile {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();
    /** Temp files are named {@code NAME.proximity-RANDOM.tmp}; only such files are ever cleaned up. */
    private static final String TEMP_INFIX = ".proximity-";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;
    private final Path directory;
    private final Path lockFile;
    private final ReentrantLock processLock;

    /**
     * The file's content as read, with the stamp taken before reading it. If the file is replaced
     * between the two, the stamp is older than the content, so the next check reloads once more:
     * harmless, never stale.
     *
     * @param stamp the stamp taken before reading
     * @param bytes the content, or null when the file does not exist
     */
    record Content(FileStamp stamp, byte[] bytes) {
    }

    /** @param file the store file (need not exist yet) */
    StoreFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.directory = this.file.getParent();
        this.lockFile = directory.resolve(this.file.getFileName() + ".lock");
        this.processLock = PROCESS_LOCKS.computeIfAbsent(this.file, path -> new ReentrantLock());
    }

    /** @return the absolute store file path */
    Path path() {
        return file;
    }

    /** @return the file's current stamp */
    FileStamp stamp() {
        try {
            return FileStamp.of(file);
        } catch (IOException e) {
            throw new StoreException("cannot read the attributes of JSON store " + file + ": " + describe(e), e);
        }
    }

    /** @return the file's content and stamp */
    Content read() {
        try {
            FileStamp stamp = FileStamp.of(file);
            if (!stamp.exists()) {
                return new Content(stamp, null);
            }
            return new Content(stamp, Files.readAllBytes(file));
        } catch (NoSuchFileException deletedMeanwhile) {
            return new Content(FileStamp.MISSING, null);
        } catch (IOException e) {
            throw new StoreException("cannot read JSON store " + file + ": " + describe(e), e);
        }
    }

    /** @return whether this thread is inside {@link #withWriteLock} for this file */
    boolean isWriteLockedByCurrentThread() {
        return processLock.isHeldByCurrentThread();
    }

    /**
     * Runs work while holding both the in-process lock and the cross-process file lock.
     *
     * @param work the read-modify-write
     * @param <T> its result type
     * @return its result
     */
    <T> T withWriteLock(Supplier<T> work) {
        processLock.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return work.get();
                } finally {
                    lock.release();
                }
            }
        } catch (OverlappingFileLockException e) {
            throw new StoreException("JSON store " + file + " is locked by another channel of this JVM outside "
                    + "the store (lock file " + lockFile + ")", e);
        } catch (IOException e) {
            throw new StoreException("cannot lock JSON store " + file + " (lock file " + lockFile + "): " + e.getMessage(), e);
        } finally {
            processLock.unlock();
        }
    }

    /**
     * Replaces the file with new content so that readers, and the file after a crash, see either
     * the old or the new content in full: temp file in the same directory, fsync, atomic rename,
     * fsync of the directory. Call only while holding the write lock.
     *
     * @param content the new content
     * @return the stamp of the new file
     */
    FileStamp replace(byte[] content) {
        Path temp = null;
        try {
            Files.createDirectories(directory);
            deleteStaleTempFiles();
            temp = Files.createTempFile(directory, file.getFileName() + TEMP_INFIX, TEMP_SUFFIX);
            copyPermissions(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory();
            return FileStamp.of(file);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException("cannot write JSON store " + file + ": the file system does not support atomic "
                    + "renames, which crash safety needs; the previous file was kept", e);
        } catch (IOException e) {
            throw new StoreException("cannot write JSON store " + file + ": " + describe(e)
                    + "; the previous file was kept", e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** A writer killed mid-write leaves its temp file behind; the lock holder may remove them. */
    private void deleteStaleTempFiles() throws IOException {
        String prefix = file.getFileName() + TEMP_INFIX;
        DirectoryStream.Filter<Path> ours = path -> path.getFileName().toString().startsWith(prefix)
                && path.getFileName().toString().endsWith(TEMP_SUFFIX);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, ours)) {
            for (Path leftover : stale) {
                LOG.debug("deleting {} left by an interrupted write", leftover);
                deleteQuietly(leftover);
            }
        }
    }

    /** Temp files are created owner-only; keep the permissions the store file already had. */
    private void copyPermissions(Path temp) throws IOException {
        PosixFileAttributeView existing = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (existing != null && Files.exists(file)) {
            Set<PosixFilePermission> permissions = existing.readAttributes().permissions();
            Files.getFileAttributeView(temp, PosixFileAttributeView.class).setPermissions(permissions);
        }
    }

    /** Makes the rename itself durable. Some platforms (Windows) cannot open a directory; the rename is still atomic there. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {} ({}); the rename is atomic but may not yet be durable",
                    directory, e.toString());
        }
    }

    /** File-system exceptions often carry only a path as message; the type says what happened. */
    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", path, e.toString());
        }
    }
}
