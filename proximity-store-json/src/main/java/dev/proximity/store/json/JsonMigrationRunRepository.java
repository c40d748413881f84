package dev.proximity.store.json;

import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.store.MigrationRunRepository;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link MigrationRunRepository} over the runs of one transaction. */
final class JsonMigrationRunRepository implements MigrationRunRepository {

    private static final Comparator<MigrationRun> NEWEST_FIRST =
            Comparator.comparing(MigrationRun::startedAt).reversed().thenComparing(MigrationRun::id);

    private final Map<String, MigrationRun> runs;
    private final SessionGuard guard;

    JsonMigrationRunRepository(Map<String, MigrationRun> runs, SessionGuard guard) {
        this.runs = runs;
        this.guard = guard;
    }

    @Override
    public void save(MigrationRun run) {
        guard.beforeChange("save");
        Objects.requireNonNull(run, "run");
        runs.put(run.id(), run);
    }

    @Override
    public Optional<MigrationRun> find(String runId) {
        guard.checkOpen();
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<MigrationRun> list() {
        guard.checkOpen();
        return runs.values().stream().sorted(NEWEST_FIRST).toList();
    }
}
