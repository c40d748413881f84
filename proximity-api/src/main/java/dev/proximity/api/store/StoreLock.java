package dev.proximity.api.store;

/**
 * A named lock held on a store against every other holder of the same name, in this process and
 * in any other process sharing the store. Released by {@link #close()}, or by the operating
 * system or database when the holding process dies, so a crash never leaves it held.
 */
public interface StoreLock extends AutoCloseable {

    /** @return the lock's name */
    String name();

    /** Releases the lock; releasing twice is harmless. */
    @Override
    void close();
}
