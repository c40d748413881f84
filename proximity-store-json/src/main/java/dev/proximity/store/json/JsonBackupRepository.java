package dev.proximity.store.json;

import dev.proximity.api.app.AppBackup;
import dev.proximity.api.store.BackupRepository;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** {@link BackupRepository} over the backups of one transaction. */
final class JsonBackupRepository implements BackupRepository {

    private static final Comparator<AppBackup> OLDEST_FIRST = Comparator.comparing(AppBackup::createdAt)
            .thenComparing(AppBackup::id);

    private final TreeMap<String, AppBackup> backups;
    private final SessionGuard guard;

    JsonBackupRepository(TreeMap<String, AppBackup> backups, SessionGuard guard) {
        this.backups = backups;
        this.guard = guard;
    }

    @Override
    public void put(AppBackup backup) {
        guard.beforeChange("put");
        backups.put(backup.id(), backup);
    }

    @Override
    public Optional<AppBackup> find(String id) {
        guard.checkOpen();
        return Optional.ofNullable(backups.get(id));
    }

    @Override
    public List<AppBackup> ofApp(String appId) {
        guard.checkOpen();
        return backups.values().stream().filter(backup -> backup.appId().equals(appId)).sorted(OLDEST_FIRST).toList();
    }

    @Override
    public List<AppBackup> after(String afterId, int limit) {
        guard.checkOpen();
        return (afterId == null ? backups : backups.tailMap(afterId, false)).values().stream().limit(limit).toList();
    }

    @Override
    public boolean delete(String id) {
        guard.beforeChange("delete");
        return backups.remove(id) != null;
    }
}
