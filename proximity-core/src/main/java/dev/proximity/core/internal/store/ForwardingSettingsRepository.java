package dev.proximity.core.internal.store;

import dev.proximity.api.store.SettingsRepository;

import java.util.Map;
import java.util.Optional;

/** A {@link SettingsRepository} that hands every call to another; decorators override what they change. */
abstract class ForwardingSettingsRepository implements SettingsRepository {

    private final SettingsRepository delegate;

    ForwardingSettingsRepository(SettingsRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<String> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<String> getHeld(String key) {
        return delegate.getHeld(key);
    }

    @Override
    public void put(String key, String value) {
        delegate.put(key, value);
    }

    @Override
    public String putIfAbsent(String key, String value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(String key) {
        return delegate.remove(key);
    }

    @Override
    public Map<String, String> all() {
        return delegate.all();
    }
}
