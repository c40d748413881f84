package dev.proximity.core.internal.app;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Tracks the operations under way, so that closing the instance never abandons a half-made
 * container: {@link #close} refuses new operations, waits for running ones, and if they outlast the
 * wait, asks them to cancel (each checks between steps and undoes what it did) and waits for that.
 */
final class Operations {

    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable afterEach;
    private final Condition idle = lock.newCondition();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private int running;
    private boolean closing;

    /**
     * Runs an operation, counted.
     *
     * @param operation the operation
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException when the instance is closing
     */
    /** @param afterEach run when each operation ends (e.g. to wait until its log is stored) */
    Operations(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    <T> T run(Supplier<T> operation) {
        enter();
        try {
            return operation.get();
        } finally {
            afterEach.run();
            exit();
        }
    }

    /** Counts an operation that will run later (on the deploy executor); pair with {@link #exit()}. */
    void enter() {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("this Proximity instance is closing or closed");
            }
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** An operation counted by {@link #enter()} ended. */
    void exit() {
        lock.lock();
        try {
            if (--running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return whether running operations were asked to stop and undo */
    boolean cancelled() {
        return cancelled.get();
    }

    /**
     * @param graceful how long running operations may take to finish on their own
     * @param undo how long they may then take to cancel and undo
     * @return whether every operation ended
     */
    boolean close(Duration graceful, Duration undo) {
        lock.lock();
        try {
            closing = true;
            if (awaitIdle(graceful)) {
                return true;
            }
            cancelled.set(true);
            return awaitIdle(undo);
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitIdle(Duration wait) {
        long remaining = wait.toNanos();
        try {
            while (running > 0 && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running == 0;
    }

    /** @return how many operations are running */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

}
