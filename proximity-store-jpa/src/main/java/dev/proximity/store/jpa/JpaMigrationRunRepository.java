package dev.proximity.store.jpa;

import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.store.MigrationRunRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Migration runs in table {@code migration_run}: a JSON document plus the columns listings sort by; plain JDBC. */
final class JpaMigrationRunRepository implements MigrationRunRepository {

    private final SessionContext context;
    private final MigrationRunDocuments documents;

    JpaMigrationRunRepository(SessionContext context, MigrationRunDocuments documents) {
        this.context = context;
        this.documents = documents;
    }

    @Override
    public void save(MigrationRun run) {
        String action = "save migration run '" + run.id() + "'";
        context.requireWritable(action);
        MigrationRunEntity row = documents.toRow(run);
        String document = context.database() == Database.POSTGRESQL ? "CAST(? AS jsonb)" : "?";
        int updated = context.jdbc(action, "UPDATE migration_run SET status = ?, started_at_ms = ?, updated_at_ms = ?, document = "
                + document + " WHERE id = ?", statement -> {
                    bind(statement, row);
                    return statement.executeUpdate();
                });
        if (updated == 0) {
            context.jdbc(action, "INSERT INTO migration_run (status, started_at_ms, updated_at_ms, document, id) VALUES (?, ?, ?, "
                    + document + ", ?)", statement -> {
                        bind(statement, row);
                        return statement.executeUpdate();
                    });
        }
    }

    private static void bind(PreparedStatement statement, MigrationRunEntity row) throws SQLException {
        statement.setString(1, row.status);
        statement.setLong(2, row.startedAtMs);
        statement.setLong(3, row.updatedAtMs);
        statement.setString(4, row.document);
        statement.setString(5, row.id);
    }

    @Override
    public Optional<MigrationRun> find(String runId) {
        List<MigrationRun> found = query("read migration run '" + runId + "'", "WHERE id = ?", runId);
        return found.stream().findFirst();
    }

    @Override
    public List<MigrationRun> list() {
        return query("list migration runs", "ORDER BY started_at_ms DESC, id", null);
    }

    private List<MigrationRun> query(String action, String rest, String id) {
        return context.jdbc(action, "SELECT id, status, started_at_ms, updated_at_ms, document FROM migration_run " + rest, statement -> {
            if (id != null) {
                statement.setString(1, id);
            }
            List<MigrationRun> runs = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    MigrationRunEntity row = new MigrationRunEntity();
                    row.id = result.getString(1);
                    row.status = result.getString(2);
                    row.startedAtMs = result.getLong(3);
                    row.updatedAtMs = result.getLong(4);
                    row.document = result.getString(5);
                    runs.add(documents.toRun(row));
                }
            }
            return runs;
        });
    }
}
