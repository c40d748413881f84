package dev.proximity.core.internal.app;

import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.store.ProximityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores log entries off the operations' threads, in order, several per transaction when several
 * are waiting. An operation's steps are logged as they happen (another process reading the store
 * sees them within moments) without each step waiting for a commit of its own; every operation
 * waits for its entries with {@link #flush()} before it returns, so what a caller reads afterwards
 * is complete.
 */
final class JournalWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int MOST_PER_TRANSACTION = 500;

    private final ProximityStore store;
    private final LinkedBlockingQueue<DeploymentLogEntry> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object progress = new Object();
    private long queued;
    private long done;
    private volatile boolean closed;

    JournalWriter(ProximityStore store) {
        this.store = store;
        this.thread = new Thread(this::drain, "proximity-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /** @param entry an entry to store soon, after every entry appended before it */
    void append(DeploymentLogEntry entry) {
        synchronized (progress) {
            queued++;
        }
        queue.add(entry);
    }

    /**
     * Waits until every entry appended so far is stored (or failed to store, which was logged).
     *
     * @param wait the longest wait
     * @return whether they were
     */
    boolean flush(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (progress) {
            long target = queued;
            while (done < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void drain() {
        List<DeploymentLogEntry> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                DeploymentLogEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MOST_PER_TRANSACTION - 1);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                synchronized (progress) {
                    done += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            }
        }
    }

    private void store(List<DeploymentLogEntry> batch) {
        try {
            store.write(session -> {
                batch.forEach(session.deploymentLogs()::append);
                return null;
            });
        } catch (RuntimeException e) {
            // The operation's state writes fail loudly if the store is down; its log must not mask that.
            LOG.warn("could not store {} log entries (first: '{} {}' of app {}): {}", batch.size(), batch.get(0).step(),
                    batch.get(0).message(), batch.get(0).appId(), e.getMessage());
        }
    }

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
