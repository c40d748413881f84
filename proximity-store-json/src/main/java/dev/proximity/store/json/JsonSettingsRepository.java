package dev.proximity.store.json;

import dev.proximity.api.Validation;
import dev.proximity.api.store.SettingsRepository;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SettingsRepository} over the {@code settings} object of one transaction. */
final class JsonSettingsRepository implements SettingsRepository {

    private final TreeMap<String, String> settings;
    private final SessionGuard guard;

    JsonSettingsRepository(TreeMap<String, String> settings, SessionGuard guard) {
        this.settings = settings;
        this.guard = guard;
    }

    @Override
    public Optional<String> get(String key) {
        guard.checkOpen();
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public void put(String key, String value) {
        Validation.requiredText(key, "key");
        Validation.required(value, "value");
        if (value.equals(settings.get(key))) {
            guard.checkOpen();
            return;
        }
        guard.beforeChange("put");
        settings.put(key, value);
    }

    @Override
    public boolean remove(String key) {
        if (!settings.containsKey(key)) {
            guard.checkOpen();
            return false;
        }
        guard.beforeChange("remove");
        settings.remove(key);
        return true;
    }

    @Override
    public Map<String, String> all() {
        guard.checkOpen();
        return Collections.unmodifiableMap(new TreeMap<>(settings));
    }
}
