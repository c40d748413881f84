package dev.proximity.core.internal.store;

import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.SettingsRepository;
import dev.proximity.api.store.StoreSession;

import java.util.Map;
import java.util.TreeMap;

/**
 * The settings the dual-write store keeps for itself ({@value #PREFIX}...): its phase, its repair
 * queue, its unconfirmed writes. Sessions it hands out hide them from {@code all()} and refuse to
 * change them, so callers see the settings they wrote and cannot switch the phase by accident.
 */
public final class ControlKeys {

    /** Every control key starts with this. */
    public static final String PREFIX = "dual.";
    /** The migration phase, kept in the database. */
    public static final String PHASE = PREFIX + "phase";
    /** When the phase in force began. */
    public static final String PHASE_SINCE = PREFIX + "phase.since";
    /** Set on entering DB_ONLY: JSON misses writes until a backfill from the database catches it up. */
    public static final String JSON_BEHIND = PREFIX + "json.behind";
    /** Writes one store missed, to replay. */
    public static final String REPAIR_PREFIX = PREFIX + "repair.";
    /** Writes committed in the inner store whose outer commit is not yet confirmed. */
    public static final String PENDING_PREFIX = PREFIX + "pending.";

    private ControlKeys() {
    }

    /**
     * @param key a setting key
     * @return whether the dual-write store owns it
     */
    public static boolean isControl(String key) {
        return key.startsWith(PREFIX);
    }

    static StoreSession guarded(StoreSession session) {
        return new Repositories(session.apps(), session.portLeases(), session.deploymentLogs(), session.migrationRuns(),
                new Guarded(session.settings()), session.inventory(), session.backups());
    }

    private static final class Guarded extends ForwardingSettingsRepository {

        Guarded(SettingsRepository settings) {
            super(settings);
        }

        @Override
        public void put(String key, String value) {
            refuseControl(key);
            super.put(key, value);
        }

        @Override
        public String putIfAbsent(String key, String value) {
            refuseControl(key);
            return super.putIfAbsent(key, value);
        }

        @Override
        public boolean remove(String key) {
            refuseControl(key);
            return super.remove(key);
        }

        @Override
        public Map<String, String> all() {
            Map<String, String> visible = new TreeMap<>(super.all());
            visible.keySet().removeIf(ControlKeys::isControl);
            return visible;
        }

        private static void refuseControl(String key) {
            if (key != null && isControl(key)) {
                throw new IllegalArgumentException("setting '" + key + "' belongs to the dual-write store (keys under '"
                        + PREFIX + "'); switch phases through MigrationService.switchPhase");
            }
        }
    }
}
