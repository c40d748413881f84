package dev.proximity.store.json;

import dev.proximity.api.error.StoreException;
import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.Validation;
import dev.proximity.api.store.FileStoreLocks;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ProximityStore} in one JSON file compatible with the legacy {@code apps.json}
 * ({@code {"apps": [...]}}); port leases, deployment logs and migration runs live beside the apps
 * in the same file, so they commit atomically with them.
 *
 * <ul>
 *   <li>Reads work on an in-memory, indexed snapshot. The file is parsed again only when its
 *       size, modification time or identity changed, i.e. when another process wrote it.</li>
 *   <li>A write holds an in-process lock and an exclusive lock on {@code NAME.lock} across the
 *       whole read-modify-write, reloads if the file changed, runs the work on a copy, and
 *       replaces the file atomically (temp file, fsync, rename, directory fsync) only if the
 *       work changed something and returned normally.</li>
 *   <li>A malformed file fails every read and write with a {@link StoreFormatException} and is
 *       never overwritten. A missing file is an empty store, created by the first write.</li>
 *   <li>Legacy entries that cannot be read are reported by {@code apps().problems()} and written
 *       back verbatim; unknown fields of readable entries survive rewrites.</li>
 * </ul>
 *
 * <p>Thread-safe. Any number of stores, in any number of processes, may share one file.
 */
public final class JsonFileStore implements ProximityStore {

    private final StoreFile file;
    private final StoreCodec codec = new StoreCodec();
    private final Object reloadMonitor = new Object();
    private volatile Loaded current = new Loaded(FileStamp.MISSING, null, StoreState.empty());
    private volatile boolean closed;

    /**
     * The parsed file and what identifies the content it came from.
     *
     * @param stamp the file's stamp when read
     * @param digest the SHA-256 of the content, or null for a missing file
     * @param state the parsed state; never mutated
     */
    private record Loaded(FileStamp stamp, byte[] digest, StoreState state) {
    }

    private JsonFileStore(Path path) {
        this.file = new StoreFile(Objects.requireNonNull(path, "path"));
    }

    /**
     * Opens a store and reads the file once, so a malformed file is reported right away.
     *
     * @param path the store file, e.g. {@code data/apps.json}; need not exist yet
     * @return the open store
     * @throws StoreFormatException when the file exists but is not a store file (it is left untouched)
     * @throws StoreException when the file cannot be read
     */
    public static JsonFileStore open(Path path) {
        JsonFileStore store = new JsonFileStore(path);
        store.fresh();
        return store;
    }

    /** @return the absolute path of the store file */
    public Path path() {
        return file.path();
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        Objects.requireNonNull(work, "work");
        checkOpen();
        SessionGuard guard = SessionGuard.readOnly();
        try {
            return work.apply(session(fresh().state(), guard));
        } finally {
            guard.close();
        }
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        Objects.requireNonNull(work, "work");
        checkOpen();
        if (file.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("write() called inside write() on " + file.path()
                    + "; nested transactions are not supported, use the session you were given");
        }
        return file.withWriteLock(() -> {
            StoreState working = freshForWrite().state().copy();
            SessionGuard guard = SessionGuard.readWrite();
            T result;
            try {
                result = work.apply(session(working, guard));
            } finally {
                guard.close();
            }
            if (guard.changed()) {
                byte[] content = codec.write(working);
                FileStamp stamp = file.replace(content);
                publish(new Loaded(stamp, sha256(content), working));
            }
            return result;
        });
    }

    /** Locks live on bytes of {@code NAME.ops.lock} beside the store file; see {@link FileStoreLocks}. */
    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        Validation.requiredText(name, "name");
        Validation.required(wait, "wait");
        checkOpen();
        return FileStoreLocks.of(file.path().resolveSibling(file.path().getFileName() + ".ops.lock")).lock(name, wait);
    }

    @Override
    public StoreDescriptor descriptor() {
        return new StoreDescriptor("json", file.path().toString());
    }

    /** Marks the store closed; it holds no file handles between calls. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "JsonFileStore[" + file.path() + "]";
    }

    /** The repositories of one transaction, all working on the same state (snapshot or working copy). */
    private StoreSession session(StoreState state, SessionGuard guard) {
        return new Repositories(new JsonAppRepository(state.apps, guard, codec.apps(), source()),
                new JsonPortLeaseRepository(state.leases, guard), new JsonDeploymentLogRepository(state.logs, guard),
                new JsonMigrationRunRepository(state.runs, guard), new JsonSettingsRepository(state.settings, guard),
                new JsonInventoryRepository(state.inventory, state.history, guard),
                new JsonBackupRepository(state.backups, guard));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("JSON store " + file.path() + " is closed");
        }
    }

    private String source() {
        return file.path().toString();
    }

    /** The snapshot for a read: re-parsed only when the file's stamp changed. */
    private Loaded fresh() {
        Loaded loaded = current;
        if (loaded.stamp().equals(file.stamp())) {
            return loaded;
        }
        synchronized (reloadMonitor) {
            return reload();
        }
    }

    /**
     * The state a write builds on. Under the write lock the content itself is compared, not just
     * the stamp: a stamp can repeat (same size, a coarse clock, a recycled inode) and a missed
     * change here would be a lost update.
     */
    private Loaded freshForWrite() {
        synchronized (reloadMonitor) {
            return reload();
        }
    }

    private Loaded reload() {
        StoreFile.Content content = file.read();
        Loaded loaded = current;
        Loaded next;
        if (content.bytes() == null) {
            next = loaded.digest() == null ? new Loaded(content.stamp(), null, loaded.state())
                    : new Loaded(content.stamp(), null, StoreState.empty());
        } else {
            byte[] digest = sha256(content.bytes());
            next = Arrays.equals(digest, loaded.digest()) ? new Loaded(content.stamp(), digest, loaded.state())
                    : new Loaded(content.stamp(), digest, codec.parse(content.bytes(), source()));
        }
        current = next;
        return next;
    }

    private void publish(Loaded loaded) {
        synchronized (reloadMonitor) {
            current = loaded;
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new StoreException("SHA-256 is not available in this JVM", e);
        }
    }
}
