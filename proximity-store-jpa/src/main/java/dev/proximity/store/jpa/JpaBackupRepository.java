package dev.proximity.store.jpa;

import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.store.BackupRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Backups in table {@code app_backup}, in plain JDBC: a handful of rows per app, one column per field. */
final class JpaBackupRepository implements BackupRepository {

    private static final String COLUMNS = "id, app_id, node, vmid, storage, volume, size_bytes, mode, compression, status, "
            + "created_at_ms, updated_at_ms";

    private final SessionContext context;

    JpaBackupRepository(SessionContext context) {
        this.context = context;
    }

    @Override
    public void put(AppBackup backup) {
        String action = "write backup " + backup.id();
        context.requireWritable(action);
        context.jdbc(action, "INSERT INTO app_backup (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET app_id = excluded.app_id, node = excluded.node, vmid = excluded.vmid, "
                + "storage = excluded.storage, volume = excluded.volume, size_bytes = excluded.size_bytes, "
                + "mode = excluded.mode, compression = excluded.compression, status = excluded.status, "
                + "created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms", statement -> {
            statement.setString(1, backup.id());
            statement.setString(2, backup.appId());
            statement.setString(3, backup.node());
            statement.setInt(4, backup.vmid());
            statement.setString(5, backup.storage());
            statement.setString(6, backup.volume());
            statement.setLong(7, backup.sizeBytes());
            statement.setString(8, backup.mode().name());
            statement.setString(9, backup.compression().name());
            statement.setString(10, backup.status().name());
            statement.setLong(11, backup.createdAt().toEpochMilli());
            statement.setLong(12, backup.updatedAt().toEpochMilli());
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<AppBackup> find(String id) {
        return context.jdbc("read backup " + id, "SELECT " + COLUMNS + " FROM app_backup WHERE id = ?", statement -> {
            statement.setString(1, id);
            return backups(statement).stream().findFirst();
        });
    }

    @Override
    public List<AppBackup> ofApp(String appId) {
        return context.jdbc("list the backups of app " + appId, "SELECT " + COLUMNS
                + " FROM app_backup WHERE app_id = ? ORDER BY created_at_ms, id", statement -> {
            statement.setString(1, appId);
            return backups(statement);
        });
    }

    @Override
    public List<AppBackup> after(String afterId, int limit) {
        return context.jdbc("list backups", "SELECT " + COLUMNS + " FROM app_backup WHERE id > ? ORDER BY id LIMIT ?",
                statement -> {
                    statement.setString(1, afterId == null ? "" : afterId);
                    statement.setInt(2, limit);
                    return backups(statement);
                });
    }

    @Override
    public boolean delete(String id) {
        String action = "delete backup " + id;
        context.requireWritable(action);
        return context.jdbc(action, "DELETE FROM app_backup WHERE id = ?", statement -> {
            statement.setString(1, id);
            return statement.executeUpdate() > 0;
        });
    }

    private static List<AppBackup> backups(PreparedStatement statement) throws SQLException {
        List<AppBackup> backups = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                backups.add(new AppBackup(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                        rows.getString(5), rows.getString(6), rows.getLong(7), BackupMode.valueOf(rows.getString(8)),
                        BackupCompression.valueOf(rows.getString(9)), BackupStatus.valueOf(rows.getString(10)),
                        Instant.ofEpochMilli(rows.getLong(11)), Instant.ofEpochMilli(rows.getLong(12))));
            }
        }
        return backups;
    }
}
