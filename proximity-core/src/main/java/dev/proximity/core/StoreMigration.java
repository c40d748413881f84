package dev.proximity.core;

import dev.proximity.api.error.MigrationException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationEvent;
import dev.proximity.api.migration.MigrationListener;
import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.MigrationPlan;
import dev.proximity.api.migration.MigrationProgress;
import dev.proximity.api.migration.MigrationReport;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.MigrationService;
import dev.proximity.api.migration.RepairReport;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.Stores;
import dev.proximity.core.internal.migration.Backfill;
import dev.proximity.core.internal.migration.LiveTarget;
import dev.proximity.core.internal.migration.Planner;
import dev.proximity.core.internal.migration.Verifier;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@link MigrationService} over two stores: a backfill from a source to a target, and, when built
 * on a {@link DualWriteStore}, its phases and repair queue.
 *
 * <p>Runs are recorded in the target store and survive restarts. One run copies at a time per
 * target, across processes (a store lock held for the whole run); a run recorded as running whose
 * lock nobody holds belonged to a process that died, and shows as {@code INTERRUPTED}. Each batch
 * commits with its checkpoint, so {@link #resume} continues exactly after the last one.
 *
 * <pre>{@code
 * try (StoreMigration migration = StoreMigration.between("json:data/apps.json", "jdbc:sqlite:data/proximity.db")) {
 *     MigrationReport report = migration.await(migration.start(MigrationRequest.defaults()).id());
 *     VerifyReport check = migration.verify();
 * }
 * }</pre>
 */
public final class StoreMigration implements MigrationService, AutoCloseable {

    private static final String RUN_LOCK = "migration-run";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<RecordSource> source;
    private final String sourceName;
    private final ProximityStore target;
    private final ProximityStore copyTarget;
    private final DualWriteStore dual;
    private final boolean ownsStores;
    private final Clock clock;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    private record Active(Backfill backfill, CompletableFuture<MigrationRun> done, boolean[] cancel) {
    }

    private StoreMigration(Supplier<RecordSource> source, String sourceName, ProximityStore target, ProximityStore copyTarget,
                           DualWriteStore dual, boolean ownsStores, Clock clock) {
        this.source = source;
        this.sourceName = sourceName;
        this.target = target;
        this.copyTarget = copyTarget;
        this.dual = dual;
        this.ownsStores = ownsStores;
        this.clock = clock;
    }

    /**
     * A migration from one store to another, e.g. {@code json:data/apps.json} to
     * {@code jdbc:sqlite:data/proximity.db}, or back. The source is streamed and never written; the
     * target is opened (and its schema migrated) now and closed with this service.
     *
     * @param sourceUrl the store to copy from
     * @param targetUrl the store to copy into
     * @return the service
     */
    public static StoreMigration between(String sourceUrl, String targetUrl) {
        ProximityStore target = Stores.open(targetUrl);
        String sourceName = sourceUrl;
        try (RecordSource probe = Stores.openSource(sourceUrl)) {
            sourceName = probe.descriptor().toString();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return new StoreMigration(() -> Stores.openSource(sourceUrl), sourceName, target, target, null, true, Clock.systemUTC());
    }

    /**
     * The migration of a dual-write store: its phases, its repair queue, and backfills between its two
     * stores, JSON into the database in {@code DUAL_WRITE} and the database into JSON (the way back)
     * in {@code DB_PRIMARY}. Batches commit under the JSON lock, so writers keep going meanwhile.
     *
     * @param store the dual-write store; it stays open after this service closes
     * @return the service
     */
    public static StoreMigration of(DualWriteStore store) {
        return new StoreMigration(null, null, store.database(), null, store, false, Clock.systemUTC());
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        Direction direction = direction();
        try (RecordSource from = direction.source().get()) {
            return new Planner(from, direction.target()).plan();
        }
    }

    @Override
    public MigrationRun start(MigrationRequest request, MigrationListener listener) {
        Direction direction = direction();
        if (request.dryRun()) {
            MigrationPlan plan = plan(request);
            MigrationRun run = new MigrationRun("dry-" + UUID.randomUUID(), plan.source(), plan.target(), request,
                    MigrationRunStatus.COMPLETED, new MigrationProgress(plan.sourceRecords(), plan.sourceRecords(), null),
                    new MigrationCounts(plan.wouldCreate(), plan.wouldUpdate(), plan.wouldSkip(), plan.problems().size()),
                    List.of(new MigrationEvent(clock.instant(), "planned", "dry run: nothing was written")), plan.problems(),
                    clock.instant(), clock.instant(), clock.instant());
            active.put(run.id(), new Active(null, CompletableFuture.completedFuture(run), new boolean[1]));
            return run;
        }
        StoreLock lock = runLock(direction);
        try {
            MigrationRun run = new MigrationRun(UUID.randomUUID().toString(), direction.sourceName(),
                    direction.target().descriptor().toString(), request, MigrationRunStatus.RUNNING,
                    new MigrationProgress(0, 0, null), new MigrationCounts(0, 0, 0, 0),
                    List.of(new MigrationEvent(clock.instant(), "started", "backfill from " + direction.sourceName())), List.of(),
                    clock.instant(), clock.instant(), null);
            direction.target().write(session -> {
                session.migrationRuns().save(run);
                return null;
            });
            return launch(run, direction, lock, listener);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public MigrationRun resume(String runId, MigrationListener listener) {
        Direction direction = direction();
        StoreLock lock = runLock(direction);
        try {
            MigrationRun recorded = find(direction, runId);
            // we hold the run lock: a run recorded as running is not running anywhere
            boolean interrupted = recorded.status() == MigrationRunStatus.RUNNING && !active.containsKey(runId);
            if (!interrupted && !recorded.status().isResumable()) {
                throw new MigrationException("run " + runId + " is " + recorded.status()
                        + "; only a cancelled, failed or interrupted run can be resumed");
            }
            List<MigrationEvent> events = new ArrayList<>(recorded.events());
            events.add(new MigrationEvent(clock.instant(), "resumed", "after " + recorded.progress().processed() + " app records"
                    + (recorded.progress().lastId() == null ? "" : " (checkpoint " + recorded.progress().lastId() + ")")));
            MigrationRun running = new MigrationRun(recorded.id(), recorded.source(), recorded.target(), recorded.request(),
                    MigrationRunStatus.RUNNING, recorded.progress(), recorded.counts(), events, recorded.errors(),
                    recorded.startedAt(), clock.instant(), null);
            direction.target().write(session -> {
                session.settings().remove(Backfill.CANCEL_PREFIX + runId);
                session.migrationRuns().save(running);
                return null;
            });
            return launch(running, direction, lock, listener);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private MigrationRun launch(MigrationRun run, Direction direction, StoreLock lock, MigrationListener listener) {
        boolean[] cancel = new boolean[1];
        RecordSource from = direction.source().get();
        Backfill backfill = new Backfill(from, direction.target(), run, clock, listener,
                () -> cancel[0] || direction.target().read(s -> s.settings().get(Backfill.CANCEL_PREFIX + run.id())).isPresent());
        CompletableFuture<MigrationRun> done = new CompletableFuture<>();
        active.put(run.id(), new Active(backfill, done, cancel));
        Thread worker = new Thread(() -> {
            try (lock; from) {
                done.complete(backfill.execute());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "proximity-migration-" + run.id());
        worker.setDaemon(true);
        worker.start();
        return run;
    }

    @Override
    public MigrationRun status(String runId) {
        Active mine = active.get(runId);
        if (mine != null && mine.done().isDone() && !mine.done().isCompletedExceptionally()) {
            return mine.done().join();
        }
        return seen(find(direction(), runId), mine != null);
    }

    @Override
    public List<MigrationRun> runs() {
        ProximityStore store = dual == null ? target : dual.database();
        List<MigrationRun> runs = new ArrayList<>(store.read(session -> session.migrationRuns().list()));
        if (dual != null && dual.phase() != MigrationPhase.ARCHIVED) {
            dual.json().read(session -> session.migrationRuns().list()).stream()
                    .filter(run -> runs.stream().noneMatch(known -> known.id().equals(run.id()))).forEach(runs::add);
        }
        runs.sort(Comparator.comparing(MigrationRun::startedAt).reversed());
        return runs.stream().map(run -> seen(run, active.containsKey(run.id()))).toList();
    }

    /**
     * @param store the target of earlier runs
     * @return the runs recorded in it, newest first; one recorded as running that no live process holds shows as interrupted
     */
    public static List<MigrationRun> runsIn(ProximityStore store) {
        return store.read(session -> session.migrationRuns().list()).stream()
                .sorted(Comparator.comparing(MigrationRun::startedAt).reversed())
                .map(run -> seen(store, run, false)).toList();
    }

    @Override
    public MigrationRun cancel(String runId) {
        Direction direction = direction();
        MigrationRun run = find(direction, runId);
        Active mine = active.get(runId);
        if (mine != null) {
            mine.cancel()[0] = true;
        } else if (run.status() == MigrationRunStatus.RUNNING) {
            direction.target().write(session -> {
                session.settings().put(Backfill.CANCEL_PREFIX + runId, clock.instant().toString());
                return null;
            });
        }
        return run;
    }

    @Override
    public MigrationReport await(String runId) {
        Active mine = active.get(runId);
        if (mine != null) {
            try {
                MigrationRun run = mine.done().get();
                return new MigrationReport(run, mine.backfill() == null ? run.errors() : mine.backfill().notes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while waiting for run " + runId, e);
            } catch (ExecutionException e) {
                throw new MigrationException("run " + runId + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        while (true) {
            MigrationRun run = status(runId);
            if (run.status() != MigrationRunStatus.RUNNING && run.status() != MigrationRunStatus.PENDING) {
                return new MigrationReport(run, run.errors());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while waiting for run " + runId, e);
            }
        }
    }

    /**
     * {@inheritDoc} An owner that a completed run gave to apps without one (its default owner) is
     * not counted as a difference.
     */
    @Override
    public VerifyReport verify() {
        if (dual != null) {
            try (RecordSource json = RecordSource.of(dual.json());
                 RecordSource database = RecordSource.of(dual.database())) {
                return new Verifier(json, database, assignedOwner(dual.database())).verify();
            }
        }
        try (RecordSource from = source.get(); RecordSource to = RecordSource.of(target)) {
            return new Verifier(from, to, assignedOwner(target)).verify();
        }
    }

    private static String assignedOwner(ProximityStore store) {
        return store.read(session -> session.migrationRuns().list()).stream()
                .filter(run -> run.status() == MigrationRunStatus.COMPLETED && run.request().defaultOwner() != null)
                .max(Comparator.comparing(MigrationRun::startedAt))
                .map(run -> run.request().defaultOwner()).orElse(null);
    }

    @Override
    public RepairReport repair() {
        return requireDual("repair").repair();
    }

    @Override
    public MigrationPhase phase() {
        return requireDual("a phase").phase();
    }

    @Override
    public MigrationPhase switchPhase(MigrationPhase target) {
        return requireDual("phases").switchPhase(target);
    }

    @Override
    public void close() {
        active.values().forEach(run -> run.cancel()[0] = true);
        active.values().forEach(run -> {
            try {
                run.done().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // recorded in the run
            }
        });
        if (ownsStores) {
            target.close();
        }
    }

    /** Where a backfill copies from and to. */
    private record Direction(Supplier<RecordSource> source, String sourceName, ProximityStore target) {
    }

    private Direction direction() {
        if (dual == null) {
            return new Direction(source, sourceName, copyTarget);
        }
        return switch (dual.phase()) {
            case DUAL_WRITE -> new Direction(() -> RecordSource.of(dual.json()), dual.json().descriptor().toString(),
                    new LiveTarget(dual.json(), dual.database(), true, null));
            case DB_PRIMARY -> new Direction(() -> RecordSource.of(dual.database()),
                    dual.database().descriptor().toString(), new LiveTarget(dual.json(), dual.database(), false, null));
            default -> throw new MigrationException("a backfill runs in DUAL_WRITE (JSON into the database) or DB_PRIMARY"
                    + " (the database into JSON, on the way back); the phase is " + dual.phase());
        };
    }

    private StoreLock runLock(Direction direction) {
        Optional<StoreLock> lock = direction.target().lock(RUN_LOCK, Duration.ZERO);
        if (lock.isEmpty()) {
            String running = direction.target().read(session -> session.migrationRuns().list()).stream()
                    .filter(run -> run.status() == MigrationRunStatus.RUNNING).map(MigrationRun::id).findFirst().orElse("?");
            throw new MigrationException("another migration run is in progress on " + direction.target().descriptor()
                    + " (run " + running + "); wait for it, or cancel it");
        }
        return lock.get();
    }

    private MigrationRun find(Direction direction, String runId) {
        return direction.target().read(session -> session.migrationRuns().find(runId))
                .orElseThrow(() -> new NotFoundException("migration run", runId));
    }

    /** A run recorded as running that no live process holds shows as interrupted. */
    private MigrationRun seen(MigrationRun run, boolean ownedHere) {
        return seen(dual == null ? target : dual.database(), run, ownedHere);
    }

    private static MigrationRun seen(ProximityStore store, MigrationRun run, boolean ownedHere) {
        if (run.status() != MigrationRunStatus.RUNNING || ownedHere) {
            return run;
        }
        Optional<StoreLock> free = store.lock(RUN_LOCK, Duration.ZERO);
        if (free.isEmpty()) {
            return run;
        }
        free.get().close();
        return new MigrationRun(run.id(), run.source(), run.target(), run.request(), MigrationRunStatus.INTERRUPTED, run.progress(),
                run.counts(), run.events(), run.errors(), run.startedAt(), run.updatedAt(), null);
    }

    private DualWriteStore requireDual(String what) {
        if (dual == null) {
            throw new MigrationException(what + " belong(s) to a dual-write store; this migration copies "
                    + sourceName + " into " + target.descriptor() + " (open one with StoreMigration.of(dualWriteStore))");
        }
        return dual;
    }
}
