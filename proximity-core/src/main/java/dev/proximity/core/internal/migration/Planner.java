package dev.proximity.core.internal.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.migration.MigrationPlan;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.RecordVisitor;

import java.util.ArrayList;
import java.util.List;

/** A dry run: what a backfill would do with each app, computed by reading both stores, writing nothing. */
public final class Planner {

    private static final int BATCH = 500;

    private final RecordSource source;
    private final ProximityStore target;

    public Planner(RecordSource source, ProximityStore target) {
        this.source = source;
        this.target = target;
    }

    public MigrationPlan plan() {
        ClaimIndex claims = new ClaimIndex();
        source.stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, App app) {
                claims.add(app);
                return true;
            }

            @Override
            public boolean appsDone() {
                return false;
            }
        });
        claims.seal();
        long[] tally = new long[4];
        List<RecordOutcome> problems = new ArrayList<>();
        List<App> batch = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        source.stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, App app) {
                tally[0]++;
                if (claims.isSuspect(app)) {
                    problems.add(new RecordOutcome((int) Math.min(position, Integer.MAX_VALUE), app.id(), RecordOutcome.Result.ERROR,
                            "another source record claims the same id, hostname or vmid; neither would be copied"));
                    return true;
                }
                batch.add(app);
                positions.add(position);
                if (batch.size() == BATCH) {
                    judge(batch, positions, tally, problems);
                }
                return true;
            }

            @Override
            public boolean unreadableApp(String checkpoint, RecordProblem problem) {
                tally[0]++;
                problems.add(new RecordOutcome(problem.position(), problem.id(), RecordOutcome.Result.ERROR,
                        "unreadable in the source: " + problem.reason()));
                return true;
            }

            @Override
            public boolean appsDone() {
                judge(batch, positions, tally, problems);
                return false;
            }
        });
        return new MigrationPlan(source.descriptor().toString(), target.descriptor().toString(), tally[0], tally[1], tally[2],
                tally[3], problems);
    }

    private void judge(List<App> batch, List<Long> positions, long[] tally, List<RecordOutcome> problems) {
        target.read(session -> {
            for (int i = 0; i < batch.size(); i++) {
                App app = batch.get(i);
                App current = session.apps().get(app.id()).orElse(null);
                App holder = session.apps().findByHostname(app.hostname()).orElse(null);
                if (holder != null && !holder.id().equals(app.id())) {
                    problems.add(new RecordOutcome((int) Math.min(positions.get(i), Integer.MAX_VALUE), app.id(),
                            RecordOutcome.Result.ERROR, "hostname '" + app.hostname() + "' is held by app '" + holder.id()
                                    + "' in the target"));
                } else if (current == null) {
                    tally[1]++;
                } else if (app.updatedAt() != null && (current.updatedAt() == null || app.updatedAt().isAfter(current.updatedAt()))) {
                    tally[2]++;
                } else {
                    tally[3]++;
                }
            }
            return null;
        });
        batch.clear();
        positions.clear();
    }
}
