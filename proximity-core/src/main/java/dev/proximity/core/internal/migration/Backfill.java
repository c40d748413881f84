package dev.proximity.core.internal.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationEvent;
import dev.proximity.api.migration.MigrationListener;
import dev.proximity.api.migration.MigrationProgress;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.BulkCopy;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.RecordVisitor;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.UpsertResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * One backfill run: every record of the source copied into the target, idempotently (upsert by id,
 * never over a newer record, verbatim), in batches whose checkpoint commits with them, so a run
 * killed at any point resumes exactly where its last batch ended. The source is only read.
 *
 * <p>Passes: count the records and index their unique claims (id, hostname, vmid), reading nothing
 * else; copy the apps, holding back those whose claims collide, with the source parsed on a thread of
 * its own and the target's query indexes set aside while it is filled; settle the held-back ones
 * (every claimant of a real collision is reported by id and none is copied); copy leases, logs, runs
 * and settings.
 */
public final class Backfill {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    /** Per-record outcomes kept in the run besides errors (counts are always exact). */
    private static final int NOTES_KEPT = 1000;
    /** Settings that steer a migration or a dual-write store, never copied. */
    public static final String CANCEL_PREFIX = "migration.cancel.";

    private final RecordSource source;
    private final ProximityStore target;
    private final String defaultOwner;
    private final int batchSize;
    private final Clock clock;
    private final MigrationListener listener;
    private final BooleanSupplier cancelRequested;
    private MigrationRun run;
    private MigrationCounts counts;
    private final List<RecordOutcome> notes = new ArrayList<>();
    /** Ids held back; the reader adds those it holds back as it reads, the writer those the target refuses. */
    private final Set<String> notCopied = ConcurrentHashMap.newKeySet();

    public Backfill(RecordSource source, ProximityStore target, MigrationRun run, Clock clock, MigrationListener listener,
             BooleanSupplier cancelRequested) {
        this.source = source;
        this.target = target;
        this.run = run;
        this.defaultOwner = run.request().defaultOwner();
        this.batchSize = run.request().batchSize();
        this.clock = clock;
        this.listener = listener;
        this.cancelRequested = cancelRequested;
        this.counts = run.counts();
    }

    /** @return the run as it ended: completed, cancelled or failed */
    public MigrationRun execute() {
        try {
            ClaimIndex claims = countAndIndex();
            event("counted", run.progress().total() + " app records in " + source.descriptor()
                    + (claims.anySuspect() ? "; some claim the same id, hostname or vmid" : ""));
            CopyPass pass = new CopyPass(claims);
            try (BulkCopy copying = target.startBulkCopy()) {
                pass.copyApps();
            }
            if (pass.cancelled) {
                return finish(MigrationRunStatus.CANCELLED, "cancelled after " + run.progress().processed() + " app records");
            }
            if (claims.anySuspect()) {
                settleCollisions(claims);
            }
            pass.copyRest();
            return finish(MigrationRunStatus.COMPLETED, "copied: " + counts.created() + " created, " + counts.updated()
                    + " updated, " + counts.skipped() + " skipped, " + counts.errors() + " errors");
        } catch (RuntimeException e) {
            LOG.warn("migration run {} failed: {}", run.id(), e.getMessage());
            LOG.debug("migration run {} failed", run.id(), e);
            return finish(MigrationRunStatus.FAILED, "failed: " + e.getMessage());
        }
    }

    /** @return per-record outcomes worth reading: every error, and notes (skips with reasons, owners set) */
    public List<RecordOutcome> notes() {
        return List.copyOf(notes);
    }

    private ClaimIndex countAndIndex() {
        ClaimIndex claims = new ClaimIndex();
        long[] total = {0};
        source.streamClaims((position, id, hostname, vmid) -> {
            claims.add(id, hostname, vmid);
            total[0]++;
            return true;
        });
        claims.seal();
        run = withProgress(new MigrationProgress(run.progress().processed(), total[0], run.progress().lastId()), null);
        return claims;
    }

    /**
     * A chunk of a batch's apps as read, with where the source stands after them; the last chunk of a
     * batch ends it.
     */
    private record Chunk(List<App> apps, List<Long> positions, List<RecordOutcome> errors, long processed, String checkpoint,
                         boolean endsBatch) {
    }

    /** Records per chunk handed from the reader to the writer: what sits in memory at once. */
    private static final int CHUNK = 500;

    /**
     * Copies apps batch by batch: the source is read on a thread of its own, a chunk ahead, while
     * this thread writes; then the other records, gathered by the reader, are copied.
     */
    private final class CopyPass {
        private final Reader reader;
        boolean cancelled;

        CopyPass(ClaimIndex claims) {
            this.reader = new Reader(claims);
        }

        void copyApps() {
            ReadAhead<Chunk> ahead = new ReadAhead<>("proximity-migration-reader-" + run.id(),
                    self -> source.stream(run.progress().lastId(), reader.handingTo(self)));
            boolean drained = false;
            try {
                for (Chunk chunk = ahead.next(); chunk != null; chunk = ahead.next()) {
                    if (!writeBatch(chunk, ahead)) {
                        break;
                    }
                    if (cancelRequested.getAsBoolean()) {
                        cancelled = true;
                        return;
                    }
                }
                drained = true;
            } finally {
                if (!drained) {
                    ahead.stop();
                }
            }
        }

        /**
         * Writes one batch in one transaction, chunk by chunk as the reader hands them over, so only
         * a chunk's apps are in memory rather than the whole batch's; the checkpoint commits with them.
         *
         * @return false when the source ended inside this batch
         */
        private boolean writeBatch(Chunk first, ReadAhead<Chunk> ahead) {
            boolean[] more = {true};
            run = target.write(session -> {
                MigrationCounts delta = MigrationCounts.ZERO;
                long processed = 0;
                Chunk chunk = first;
                String reached;
                while (true) {
                    List<App> apps = new ArrayList<>(chunk.apps().size());
                    for (int i = 0; i < chunk.apps().size(); i++) {
                        apps.add(withOwner(chunk.positions().get(i), chunk.apps().get(i)));
                    }
                    delta = delta.plus(tally(session.apps().upsertAllIfNewer(apps), chunk.positions(), chunk.errors()));
                    processed += chunk.processed();
                    reached = chunk.checkpoint();
                    if (chunk.endsBatch()) {
                        break;
                    }
                    chunk = ahead.next();
                    if (chunk == null) {
                        more[0] = false;
                        break;
                    }
                }
                MigrationRun next = withCounts(counts.plus(delta),
                        new MigrationProgress(run.progress().processed() + processed, run.progress().total(), reached));
                session.migrationRuns().save(next);
                return next;
            });
            counts = run.counts();
            tell();
            return more[0];
        }

        /** Leases, logs, runs and settings: few, copied after the apps, in batches. */
        void copyRest() {
            commitInBatches(reader.leases.stream().filter(lease -> !notCopied.contains(lease.ownerId())).toList(),
                    Backfill.this::tallyLeases);
            commitInBatches(new ArrayList<>(reader.logs.entrySet()), Backfill.this::tallyLogs);
            commit(session -> tallyRunsAndSettings(session, reader.runs, reader.settings));
            commitInBatches(reader.resources, Backfill.this::tallyResources);
            commitInBatches(reader.snapshots, Backfill.this::tallySnapshots);
            commitInBatches(reader.backups.stream().filter(backup -> !notCopied.contains(backup.appId())).toList(),
                    Backfill.this::tallyBackups);
            tell();
        }
    }

    /**
     * The reading half of a copy, on the reader's thread: cuts the apps into batches (holding back
     * those whose claims collide) and gathers the other records, which the writing thread reads once
     * the reader has ended.
     */
    private final class Reader implements RecordVisitor {
        private final ClaimIndex claims;
        private final List<PortLease> leases = new ArrayList<>();
        private final Map<String, List<DeploymentLogEntry>> logs = new LinkedHashMap<>();
        private final List<MigrationRun> runs = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<InventoryResource> resources = new ArrayList<>();
        private final List<StateChange> snapshots = new ArrayList<>();
        private final List<AppBackup> backups = new ArrayList<>();
        private ReadAhead<Chunk> ahead;
        private List<App> apps = new ArrayList<>();
        private List<Long> positions = new ArrayList<>();
        private List<RecordOutcome> errors = new ArrayList<>();
        private long processedInChunk;
        private long processedInBatch;
        private String checkpoint;

        Reader(ClaimIndex claims) {
            this.claims = claims;
        }

        Reader handingTo(ReadAhead<Chunk> to) {
            this.ahead = to;
            return this;
        }

        @Override
        public boolean app(long position, String appCheckpoint, App app) {
            if (claims.isSuspect(app)) {
                notCopied.add(app.id());
            } else {
                apps.add(app);
                positions.add(position);
            }
            return next(appCheckpoint);
        }

        @Override
        public boolean unreadableApp(String appCheckpoint, RecordProblem problem) {
            errors.add(new RecordOutcome(problem.position(), problem.id(), RecordOutcome.Result.ERROR,
                    "unreadable in the source (kept there untouched): " + problem.reason()));
            if (problem.id() != null) {
                notCopied.add(problem.id());
            }
            return next(appCheckpoint);
        }

        private boolean next(String appCheckpoint) {
            processedInChunk++;
            processedInBatch++;
            checkpoint = appCheckpoint;
            if (processedInBatch == batchSize) {
                return handChunk(true);
            }
            return processedInChunk < CHUNK ? !ahead.stopped() : handChunk(false);
        }

        private boolean handChunk(boolean endsBatch) {
            if (processedInChunk == 0) {
                return !ahead.stopped();
            }
            Chunk chunk = new Chunk(apps, positions, errors, processedInChunk, checkpoint, endsBatch);
            apps = new ArrayList<>();
            positions = new ArrayList<>();
            errors = new ArrayList<>();
            processedInChunk = 0;
            if (endsBatch) {
                processedInBatch = 0;
            }
            return ahead.hand(chunk);
        }

        @Override
        public boolean appsDone() {
            return handChunk(true);
        }

        @Override
        public boolean lease(PortLease lease) {
            leases.add(lease);
            return true;
        }

        @Override
        public boolean log(String appId, List<DeploymentLogEntry> entries) {
            logs.put(appId, entries);
            return true;
        }

        @Override
        public boolean run(MigrationRun other) {
            runs.add(other);
            return true;
        }

        @Override
        public boolean setting(String key, String value) {
            settings.put(key, value);
            return true;
        }

        @Override
        public boolean resource(InventoryResource resource) {
            resources.add(resource);
            return true;
        }

        @Override
        public boolean snapshot(StateChange snapshot) {
            snapshots.add(snapshot);
            return true;
        }

        @Override
        public boolean backup(AppBackup backup) {
            backups.add(backup);
            return true;
        }
    }

    private App withOwner(long position, App app) {
        if (defaultOwner == null || app.ownerId() != null) {
            return app;
        }
        note(new RecordOutcome((int) Math.min(position, Integer.MAX_VALUE), app.id(), RecordOutcome.Result.UPDATED,
                "had no owner; given the default owner '" + defaultOwner + "'"));
        return app.toBuilder().ownerId(defaultOwner).build();
    }

    private MigrationCounts tally(List<UpsertResult> results, List<Long> positions, List<RecordOutcome> errors) {
        long created = 0;
        long updated = 0;
        long skipped = 0;
        long failed = errors.size();
        errors.forEach(this::note);
        for (int i = 0; i < results.size(); i++) {
            UpsertResult result = results.get(i);
            int position = (int) Math.min(positions.get(i), Integer.MAX_VALUE);
            switch (result.outcome()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case SKIPPED -> {
                    skipped++;
                    note(new RecordOutcome(position, result.id(), RecordOutcome.Result.SKIPPED, result.rejection() != null
                            ? result.rejection() : "the target holds the same or a newer version"));
                }
                case REJECTED -> {
                    failed++;
                    notCopied.add(result.id());
                    note(new RecordOutcome(position, result.id(), RecordOutcome.Result.ERROR,
                            "not copied: " + result.rejection()));
                }
            }
        }
        return new MigrationCounts(created, updated, skipped, failed);
    }

    /** Every claimant of a real collision is reported by id, and none is copied; a hash coincidence is copied after all. */
    private void settleCollisions(ClaimIndex claims) {
        Map<Long, App> suspects = new LinkedHashMap<>();
        source.stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, App app) {
                if (claims.isSuspect(app)) {
                    suspects.put(position, app);
                }
                return true;
            }

            @Override
            public boolean appsDone() {
                return false;
            }
        });
        Map<String, List<Long>> claimants = new LinkedHashMap<>();
        suspects.forEach((position, app) -> ClaimIndex.claimKeys(app)
                .forEach(key -> claimants.computeIfAbsent(key, k -> new ArrayList<>()).add(position)));
        List<App> innocent = new ArrayList<>();
        List<Long> innocentAt = new ArrayList<>();
        List<RecordOutcome> collided = new ArrayList<>();
        suspects.forEach((position, app) -> {
            List<String> reasons = new ArrayList<>();
            for (String key : ClaimIndex.claimKeys(app)) {
                List<Long> others = claimants.get(key).stream().filter(other -> !other.equals(position)).toList();
                if (!others.isEmpty()) {
                    reasons.add(key + " is also claimed by " + describe(others, suspects));
                }
            }
            if (reasons.isEmpty()) {
                innocent.add(withOwner(position, app));
                innocentAt.add(position);
            } else {
                notCopied.add(app.id());
                collided.add(new RecordOutcome((int) Math.min(position, Integer.MAX_VALUE), app.id(), RecordOutcome.Result.ERROR,
                        String.join("; ", reasons) + "; none of them was copied (resolve it in the source, then run again)"));
            }
        });
        run = target.write(session -> {
            MigrationCounts delta = tally(session.apps().upsertAllIfNewer(innocent), innocentAt, collided);
            MigrationRun next = withCounts(counts.plus(delta), run.progress());
            session.migrationRuns().save(next);
            return next;
        });
        counts = run.counts();
        tell();
    }

    private static String describe(List<Long> positions, Map<Long, App> records) {
        List<String> named = new ArrayList<>();
        for (Long position : positions) {
            named.add("record '" + records.get(position).id() + "' (position " + position + ")");
        }
        return String.join(" and ", named);
    }

    private MigrationCounts tallyLeases(StoreSession session, List<PortLease> leases) {
        return copyUnlessNewer(leases, lease -> session.portLeases().find(lease.port()).orElse(null),
                (current, lease) -> !current.leasedAt().isBefore(lease.leasedAt()),
                copies -> copies.forEach(session.portLeases()::save),
                (current, lease) -> new RecordOutcome(-1, "lease:" + lease.port(), RecordOutcome.Result.SKIPPED,
                        "the target leases port " + lease.port() + " to '" + current.ownerId() + "' since " + current.leasedAt()
                                + ", as late as or later than the source's lease to '" + lease.ownerId() + "'"));
    }

    /**
     * Copies each record the target lacks or holds in an older state; one the target holds as it is
     * is skipped, one the target holds newer is skipped and reported.
     */
    private <T> MigrationCounts copyUnlessNewer(List<T> records, java.util.function.UnaryOperator<T> current,
                                                java.util.function.BiPredicate<T, T> targetNewer,
                                                java.util.function.Consumer<List<T>> save,
                                                java.util.function.BiFunction<T, T, RecordOutcome> skipped) {
        long created = 0;
        long updated = 0;
        long kept = 0;
        List<T> copies = new ArrayList<>();
        for (T record : records) {
            T held = current.apply(record);
            if (record.equals(held)) {
                kept++;
            } else if (held == null || !targetNewer.test(held, record)) {
                copies.add(record);
                if (held == null) {
                    created++;
                } else {
                    updated++;
                }
            } else {
                kept++;
                note(skipped.apply(held, record));
            }
        }
        save.accept(copies);
        return new MigrationCounts(created, updated, kept, 0);
    }

    /** A log present in the target (mirrored entries of a live migration) is merged with the source's, never replaced by it. */
    private MigrationCounts tallyLogs(StoreSession session, List<Map.Entry<String, List<DeploymentLogEntry>>> logs) {
        long created = 0;
        long updated = 0;
        long skipped = 0;
        for (Map.Entry<String, List<DeploymentLogEntry>> log : logs) {
            List<DeploymentLogEntry> current = session.deploymentLogs().forApp(log.getKey());
            if (current.isEmpty()) {
                session.deploymentLogs().replaceForApp(log.getKey(), log.getValue());
                created++;
            } else if (current.containsAll(log.getValue())) {
                skipped++;
            } else {
                List<DeploymentLogEntry> merged = new ArrayList<>(log.getValue());
                current.stream().filter(entry -> !log.getValue().contains(entry)).forEach(merged::add);
                session.deploymentLogs().replaceForApp(log.getKey(), merged);
                updated++;
            }
        }
        return new MigrationCounts(created, updated, skipped, 0);
    }

    private MigrationCounts tallyRunsAndSettings(StoreSession session, List<MigrationRun> runs, Map<String, String> settings) {
        long created = 0;
        long skipped = 0;
        long failed = 0;
        for (MigrationRun other : runs) {
            if (other.id().equals(run.id()) || session.migrationRuns().find(other.id()).isPresent()) {
                skipped++;
            } else {
                session.migrationRuns().save(other);
                created++;
            }
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (setting.getKey().startsWith(CANCEL_PREFIX) || dev.proximity.core.internal.store.ControlKeys.isControl(setting.getKey())) {
                continue;
            }
            String current = session.settings().get(setting.getKey()).orElse(null);
            if (current == null) {
                session.settings().put(setting.getKey(), setting.getValue());
                created++;
            } else if (current.equals(setting.getValue())) {
                skipped++;
            } else {
                failed++;
                note(new RecordOutcome(-1, "setting:" + setting.getKey(), RecordOutcome.Result.ERROR, "the target has '"
                        + current + "' where the source has '" + setting.getValue() + "'; the target's value was kept"));
            }
        }
        return new MigrationCounts(created, 0, skipped, failed);
    }

    /** The inventory copies like the apps: a resource the target saw change later than the source is kept. */
    private MigrationCounts tallyResources(StoreSession session, List<InventoryResource> resources) {
        return copyUnlessNewer(resources, resource -> session.inventory().find(resource.id()).orElse(null),
                (current, resource) -> current.changedAt().isAfter(resource.changedAt()),
                copies -> session.inventory().putAll(copies),
                (current, resource) -> new RecordOutcome(-1, "inventory:" + resource.id(), RecordOutcome.Result.SKIPPED,
                        "the target saw it change at " + current.changedAt() + ", after the source's " + resource.changedAt()));
    }

    /** Backups copy like the apps: one whose status the target changed later than the source is kept. */
    private MigrationCounts tallyBackups(StoreSession session, List<AppBackup> backups) {
        return copyUnlessNewer(backups, backup -> session.backups().find(backup.id()).orElse(null),
                (current, backup) -> current.updatedAt().isAfter(backup.updatedAt()),
                copies -> copies.forEach(session.backups()::put),
                (current, backup) -> new RecordOutcome(-1, "backup:" + backup.id(), RecordOutcome.Result.SKIPPED,
                        "the target changed it at " + current.updatedAt() + ", after the source's " + backup.updatedAt()));
    }

    /** Snapshots never change once written: one the target holds is skipped. */
    private MigrationCounts tallySnapshots(StoreSession session, List<StateChange> snapshots) {
        List<StateChange> copies = snapshots.stream().filter(s -> session.inventory().snapshot(s.id()).isEmpty()).toList();
        session.inventory().appendAll(copies);
        return new MigrationCounts(copies.size(), 0, snapshots.size() - copies.size(), 0);
    }

    /** Copies records of one kind, a transaction per batch. */
    private <T> void commitInBatches(List<T> records, BiFunction<StoreSession, List<T>, MigrationCounts> tally) {
        for (int from = 0; from < records.size(); from += batchSize) {
            List<T> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            commit(session -> tally.apply(session, batch));
        }
    }

    private void commit(java.util.function.Function<StoreSession, MigrationCounts> work) {
        run = target.write(session -> {
            MigrationRun next = withCounts(counts.plus(work.apply(session)), run.progress());
            session.migrationRuns().save(next);
            return next;
        });
        counts = run.counts();
    }

    private void note(RecordOutcome outcome) {
        if (outcome.result() == RecordOutcome.Result.ERROR || notes.size() < NOTES_KEPT) {
            notes.add(outcome);
        }
    }

    private MigrationRun finish(MigrationRunStatus status, String message) {
        List<MigrationEvent> events = new ArrayList<>(run.events());
        events.add(new MigrationEvent(clock.instant(), status.name().toLowerCase(java.util.Locale.ROOT), message));
        List<RecordOutcome> errors = notes.stream().filter(n -> n.result() == RecordOutcome.Result.ERROR).toList();
        MigrationRun ended = new MigrationRun(run.id(), run.source(), run.target(), run.request(), status, run.progress(), counts,
                events, mergeErrors(run.errors(), errors), run.startedAt(), clock.instant(),
                status == MigrationRunStatus.COMPLETED || status == MigrationRunStatus.CANCELLED ? clock.instant() : null);
        try {
            target.write(session -> {
                session.migrationRuns().save(ended);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the end of migration run {}: {}", run.id(), e.getMessage());
        }
        run = ended;
        tell();
        return ended;
    }

    private static List<RecordOutcome> mergeErrors(List<RecordOutcome> earlier, List<RecordOutcome> now) {
        Map<String, RecordOutcome> byKey = new LinkedHashMap<>();
        for (RecordOutcome outcome : earlier) {
            byKey.put(outcome.position() + "|" + outcome.id() + "|" + outcome.reason(), outcome);
        }
        for (RecordOutcome outcome : now) {
            byKey.put(outcome.position() + "|" + outcome.id() + "|" + outcome.reason(), outcome);
        }
        return new ArrayList<>(byKey.values());
    }

    private void event(String step, String message) {
        List<MigrationEvent> events = new ArrayList<>(run.events());
        events.add(new MigrationEvent(clock.instant(), step, message));
        run = new MigrationRun(run.id(), run.source(), run.target(), run.request(), run.status(), run.progress(), run.counts(),
                events, run.errors(), run.startedAt(), clock.instant(), run.finishedAt());
    }

    private MigrationRun withProgress(MigrationProgress progress, MigrationCounts newCounts) {
        return new MigrationRun(run.id(), run.source(), run.target(), run.request(), run.status(), progress,
                Objects.requireNonNullElse(newCounts, run.counts()), run.events(), run.errors(), run.startedAt(),
                clock.instant(), run.finishedAt());
    }

    private MigrationRun withCounts(MigrationCounts newCounts, MigrationProgress progress) {
        return withProgress(progress, newCounts);
    }

    private void tell() {
        try {
            listener.progress(run);
        } catch (RuntimeException e) {
            LOG.warn("migration listener failed", e);
        }
    }

    /** @return the run as it stands */
    public MigrationRun current() {
        return run;
    }
}
