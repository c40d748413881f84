package dev.proximity.store.jpa;

import dev.proximity.api.Validation;
import dev.proximity.api.store.SettingsRepository;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Settings in table {@code setting}. */
final class JpaSettingsRepository implements SettingsRepository {

    private static final String ROW = "SettingRow";

    private final SessionContext context;

    JpaSettingsRepository(SessionContext context) {
        this.context = context;
    }

    @Override
    public Optional<String> get(String key) {
        return context.call("read setting '" + key + "'",
                () -> Optional.ofNullable(context.hibernate().get(SettingEntity.class, key)).map(row -> row.value));
    }

    /** PostgreSQL runs writers at once: a shared row lock holds the value; SQLite serializes writers already. */
    @Override
    public Optional<String> getHeld(String key) {
        if (context.database() != Database.POSTGRESQL || !context.writable()) {
            return get(key);
        }
        return context.call("read and hold setting '" + key + "'", () -> context.hibernate()
                .createNativeQuery("SELECT setting_value FROM setting WHERE setting_key = :key FOR SHARE", String.class)
                .setParameter("key", key)
                .getResultStream().findFirst());
    }

    @Override
    public void put(String key, String value) {
        Validation.requiredText(key, "key");
        Validation.required(value, "value");
        context.requireWritable("set setting '" + key + "'");
        context.call("set setting '" + key + "'", () -> {
            SettingEntity row = new SettingEntity(key, value);
            if (context.hibernate().get(SettingEntity.class, key) == null) {
                context.hibernate().insert(row);
            } else {
                context.hibernate().update(row);
            }
            return null;
        });
    }

    /** One statement, so writers in other processes (PostgreSQL runs them at once) cannot both win. */
    @Override
    public String putIfAbsent(String key, String value) {
        Validation.requiredText(key, "key");
        Validation.required(value, "value");
        context.requireWritable("set setting '" + key + "'");
        context.call("set setting '" + key + "'", () -> context.hibernate()
                .createNativeMutationQuery("INSERT INTO setting (setting_key, setting_value) VALUES (:key, :value) "
                        + "ON CONFLICT (setting_key) DO NOTHING")
                .setParameter("key", key)
                .setParameter("value", value)
                .executeUpdate());
        return get(key).orElseThrow(() -> new IllegalStateException("setting '" + key + "' vanished after it was set"));
    }

    @Override
    public boolean remove(String key) {
        context.requireWritable("remove setting '" + key + "'");
        return context.call("remove setting '" + key + "'", () -> context.hibernate()
                .createMutationQuery("delete from " + ROW + " s where s.key = :key")
                .setParameter("key", key)
                .executeUpdate()) > 0;
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> settings = new LinkedHashMap<>();
        context.call("list settings", () -> context.hibernate()
                .createSelectionQuery("from " + ROW + " s order by s.key", SettingEntity.class)
                .getResultList()).forEach(row -> settings.put(row.key, row.value));
        return settings;
    }
}
