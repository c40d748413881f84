package dev.proximity.core.internal.migration;

import dev.proximity.api.error.StoreException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Consumer;

/**
 * Reads a source on a thread of its own, one batch ahead of the caller that writes the batches:
 * parsing and writing, the two halves of a copy, run on two cores instead of taking turns. Batches
 * reach the caller in the order they were read; memory holds two (one being read, one being written).
 *
 * @param <B> a batch
 */
final class ReadAhead<B> {

    private static final Object END = new Object();

    /** A hand-over, not a buffer: the reader builds the next batch while the caller writes this one. */
    private final BlockingQueue<Object> queue = new SynchronousQueue<>();
    private final Thread reader;
    private volatile boolean stopped;
    private boolean ended;

    /** A failure of the reader, handed to the caller in place of the next batch. */
    private record Failure(Throwable error) {
    }

    /**
     * Starts reading.
     *
     * @param name the reading thread's name
     * @param read reads the whole source, handing each batch to {@link #hand}; runs on the reading thread
     */
    ReadAhead(String name, Consumer<ReadAhead<B>> read) {
        reader = new Thread(() -> {
            Object last = END;
            try {
                read.accept(this);
            } catch (Throwable e) {
                last = new Failure(e);
            }
            try {
                put(last);
            } catch (StoreException interrupted) {
                // the caller was interrupted and is gone: nobody is left to tell
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Reader side: hands a batch over, waiting until the caller is done with the one before and takes it.
     *
     * @param batch the next batch
     * @return false when the caller has stopped and reading should end
     */
    boolean hand(B batch) {
        if (stopped) {
            return false;
        }
        put(batch);
        return !stopped;
    }

    /** @return reader side: whether the caller has stopped */
    boolean stopped() {
        return stopped;
    }

    /**
     * Caller side: the next batch.
     *
     * @return the batch, or null once the reader has read everything
     * @throws RuntimeException what the reader threw, as thrown
     */
    @SuppressWarnings("unchecked")
    B next() {
        if (ended) {
            return null;
        }
        Object item = take();
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Failure failure) {
            ended = true;
            if (failure.error() instanceof RuntimeException e) {
                throw e;
            }
            if (failure.error() instanceof Error e) {
                throw e;
            }
            throw new StoreException("reading the source failed: " + failure.error().getMessage(), failure.error());
        }
        return (B) item;
    }

    /** Caller side: tells the reader to end and waits until it has, dropping what it still hands over. */
    void stop() {
        stopped = true;
        while (!ended) {
            Object item = take();
            ended = item == END || item instanceof Failure;
        }
    }

    private void put(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("reading the source was interrupted", e);
        }
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            stopped = true;
            reader.interrupt();
            Thread.currentThread().interrupt();
            ended = true;
            throw new StoreException("the copy was interrupted while waiting for the source", e);
        }
    }
}
