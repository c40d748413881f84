package dev.proximity.api.store;

import dev.proximity.api.error.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ProximityStore#lock} for stores that live in files (JSON, SQLite): each name maps to one
 * byte of a lock file beside the store, locked with an exclusive OS file lock, so other processes
 * wait and a dead process's locks vanish with it. For adapter authors.
 *
 * <p>A JVM may hold only one lock per byte and drops every lock on a file when any channel to it
 * closes, so there is one instance per lock file per JVM, holding one channel that is never
 * closed, and threads of this JVM are excluded by the instance before the OS is asked. Two names
 * may share a byte (a one-in-a-million hash collision): they then exclude each other, which is
 * safe; the thread that holds a byte may take it again under another name.
 */
public final class FileStoreLocks {

    private static final int SLOTS = 1 << 20;
    private static final long POLL_MILLIS = 20;
    private static final Map<Path, FileStoreLocks> BY_FILE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final Map<Long, Holder> held = new HashMap<>();

    private FileStoreLocks(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param lockFile the lock file (created when missing, never deleted)
     * @return the one instance for that file in this JVM
     */
    public static FileStoreLocks of(Path lockFile) {
        return BY_FILE.computeIfAbsent(lockFile.toAbsolutePath().normalize(), FileStoreLocks::new);
    }

    /**
     * @param name the lock's name
     * @param wait how long to wait; zero tries once
     * @return the held lock, or empty when another holder kept it for the whole wait
     * @throws StoreException when the OS refuses the lock for another reason, or the wait is interrupted
     */
    public Optional<StoreLock> lock(String name, Duration wait) {
        long slot = slotOf(name);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                Holder holder = held.get(slot);
                if (holder != null && holder.thread == Thread.currentThread()) {
                    holder.count++;
                    return Optional.of(new Held(name, slot));
                }
                if (holder == null) {
                    FileLock lock = tryOsLock(slot, name);
                    if (lock != null) {
                        held.put(slot, new Holder(Thread.currentThread(), lock));
                        return Optional.of(new Held(name, slot));
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                try {
                    // woken early when a thread of this JVM lets go; other processes are polled
                    wait(Math.max(1, Math.min(POLL_MILLIS, remaining / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for lock '" + name + "' on " + file, e);
                }
            }
        }
    }

    private FileLock tryOsLock(long slot, String name) {
        try {
            return channel.tryLock(slot, 1, false);
        } catch (IOException e) {
            throw new StoreException("cannot lock '" + name + "' in " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized void release(long slot) {
        Holder holder = held.get(slot);
        if (holder == null || --holder.count > 0) {
            return;
        }
        held.remove(slot);
        try {
            holder.lock.release();
        } catch (IOException e) {
            // The channel stays open, so the byte stays locked until this JVM exits; say so loudly.
            throw new StoreException("cannot release a lock in " + file + ": " + e.getMessage(), e);
        } finally {
            notifyAll();
        }
    }

    /**
     * A stable 64-bit FNV-1a hash of a lock name, for adapters that key locks by number
     * (PostgreSQL advisory locks).
     *
     * @param name the lock's name
     * @return its key
     */
    public static long keyOf(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : ("proximity:" + name).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long slotOf(String name) {
        return Math.floorMod(keyOf(name), SLOTS);
    }

    private static final class Holder {
        final Thread thread;
        final FileLock lock;
        int count = 1;

        Holder(Thread thread, FileLock lock) {
            this.thread = thread;
            this.lock = lock;
        }
    }

    private final class Held implements StoreLock {
        private final String name;
        private final long slot;
        private boolean released;

        Held(String name, long slot) {
            this.name = name;
            this.slot = slot;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            synchronized (FileStoreLocks.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(slot);
        }

        @Override
        public String toString() {
            return "StoreLock[" + name + " in " + file + "]";
        }
    }
}
