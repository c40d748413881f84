package dev.proximity.store.jpa;

import dev.proximity.api.Validation;
import dev.proximity.api.store.SettingsRepository;

import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Settings in table {@code setting}, in plain JDBC. */
final class JpaSettingsRepository implements SettingsRepository {

    private final SessionContext context;

    JpaSettingsRepository(SessionContext context) {
        this.context = context;
    }

    @Override
    public Optional<String> get(String key) {
        return read("read setting '" + key + "'", "SELECT setting_value FROM setting WHERE setting_key = ?", key);
    }

    /** PostgreSQL runs writers at once: a shared row lock holds the value; SQLite serializes writers already. */
    @Override
    public Optional<String> getHeld(String key) {
        if (context.database() != Database.POSTGRESQL || !context.writable()) {
            return get(key);
        }
        return read("read and hold setting '" + key + "'", "SELECT setting_value FROM setting WHERE setting_key = ? FOR SHARE", key);
    }

    private Optional<String> read(String action, String sql, String key) {
        return context.jdbc(action, sql, statement -> {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void put(String key, String value) {
        Validation.requiredText(key, "key");
        Validation.required(value, "value");
        String action = "set setting '" + key + "'";
        context.requireWritable(action);
        int updated = context.jdbc(action, "UPDATE setting SET setting_value = ? WHERE setting_key = ?", statement -> {
            statement.setString(1, value);
            statement.setString(2, key);
            return statement.executeUpdate();
        });
        if (updated == 0) {
            insertIfAbsent(action, key, value);
        }
    }

    /** One statement, so writers in other processes (PostgreSQL runs them at once) cannot both win. */
    @Override
    public String putIfAbsent(String key, String value) {
        Validation.requiredText(key, "key");
        Validation.required(value, "value");
        String action = "set setting '" + key + "'";
        context.requireWritable(action);
        insertIfAbsent(action, key, value);
        return get(key).orElseThrow(() -> new IllegalStateException("setting '" + key + "' vanished after it was set"));
    }

    private void insertIfAbsent(String action, String key, String value) {
        context.jdbc(action, "INSERT INTO setting (setting_key, setting_value) VALUES (?, ?) ON CONFLICT (setting_key) DO NOTHING",
                statement -> {
                    statement.setString(1, key);
                    statement.setString(2, value);
                    return statement.executeUpdate();
                });
    }

    @Override
    public boolean remove(String key) {
        String action = "remove setting '" + key + "'";
        context.requireWritable(action);
        return context.jdbc(action, "DELETE FROM setting WHERE setting_key = ?", statement -> {
            statement.setString(1, key);
            return statement.executeUpdate();
        }) > 0;
    }

    @Override
    public Map<String, String> all() {
        return context.jdbc("list settings", "SELECT setting_key, setting_value FROM setting ORDER BY setting_key", statement -> {
            Map<String, String> settings = new LinkedHashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    settings.put(result.getString(1), result.getString(2));
                }
            }
            return settings;
        });
    }
}
