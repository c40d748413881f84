package dev.proximity.api.store;

import java.util.Map;
import java.util.Optional;

/**
 * Small named values every process sharing a store must agree on: the installation id that marks
 * this installation's containers, the storage migration phase. Keys are dotted names
 * ({@code installation.id}); values are text.
 */
public interface SettingsRepository {

    /** The key of the installation id. */
    String INSTALLATION_ID = "installation.id";

    /**
     * @param key the key
     * @return its value, if set
     */
    Optional<String> get(String key);

    /**
     * Reads a value inside a write transaction and keeps it from changing until the transaction
     * ends; other transactions holding it the same way are not blocked, a writer of the key waits.
     * What the dual-write store reads its phase with, so no write commits in a phase that a
     * concurrent switch has left. Stores whose writers never overlap need nothing more than
     * {@link #get}.
     *
     * @param key the key
     * @return its value, if set
     */
    default Optional<String> getHeld(String key) {
        return get(key);
    }

    /**
     * Sets a value, replacing any other.
     *
     * @param key the key
     * @param value the value
     */
    void put(String key, String value);

    /**
     * Sets a value only when the key has none; of several processes racing, exactly one wins.
     *
     * @param key the key
     * @param value the value to set when absent
     * @return the value in force afterwards: the existing one, or {@code value}
     */
    default String putIfAbsent(String key, String value) {
        Optional<String> existing = get(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        put(key, value);
        return value;
    }

    /**
     * @param key the key
     * @return whether a value was removed
     */
    boolean remove(String key);

    /** @return every setting, ordered by key */
    Map<String, String> all();
}
