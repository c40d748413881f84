package dev.proximity.store.jpa;

import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.store.MigrationRunRepository;

import java.util.List;
import java.util.Optional;

/** Migration runs in table {@code migration_run}: a JSON document plus the columns listings sort by. */
final class JpaMigrationRunRepository implements MigrationRunRepository {

    private static final String ROW = "MigrationRunRow";

    private final SessionContext context;
    private final MigrationRunDocuments documents;

    JpaMigrationRunRepository(SessionContext context, MigrationRunDocuments documents) {
        this.context = context;
        this.documents = documents;
    }

    @Override
    public void save(MigrationRun run) {
        context.requireWritable("save migration run '" + run.id() + "'");
        MigrationRunEntity row = documents.toRow(run);
        context.call("save migration run '" + run.id() + "'", () -> {
            if (context.hibernate().get(MigrationRunEntity.class, run.id()) == null) {
                context.hibernate().insert(row);
            } else {
                context.hibernate().update(row);
            }
            return null;
        });
    }

    @Override
    public Optional<MigrationRun> find(String runId) {
        return context.call("read migration run '" + runId + "'",
                () -> Optional.ofNullable(context.hibernate().get(MigrationRunEntity.class, runId)).map(documents::toRun));
    }

    @Override
    public List<MigrationRun> list() {
        return context.call("list migration runs", () -> context.hibernate()
                .createSelectionQuery("from " + ROW + " r order by r.startedAtMs desc, r.id", MigrationRunEntity.class)
                .getResultList().stream().map(documents::toRun).toList());
    }
}
