package dev.proximity.core.internal.store;

import dev.proximity.api.error.MigrationException;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RepairReport;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.SecondaryFailurePolicy;
import dev.proximity.core.ShadowReadListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The dual-write store's engine: two stores behind one {@link ProximityStore}, the phase read from
 * the database on every call.
 *
 * <p>Lock order, in every phase: the JSON file's write lock, then a database transaction. A switch
 * of phase holds the JSON lock, so a writer holding it sees one phase from start to commit; writers
 * of the database-only phases hold the phase row instead ({@code getHeld}), which a switch must
 * update. In the middle phases the database transaction is the inner one and commits first; it
 * carries a marker naming what it wrote ({@value ControlKeys#PENDING_PREFIX}...), removed once
 * the outer commit is confirmed, so a crash between the two commits leaves a trail that
 * {@link #repair} follows.
 */
public final class DualWrites implements ProximityStore {

    private static final Logger LOG = LoggerFactory.getLogger(DualWrites.class);
    private static final int PHASE_RETRIES = 8;
    private static final String JSON = "json";
    private static final String DATABASE = "database";

    private final ProximityStore json;
    private final ProximityStore database;
    private final SecondaryFailurePolicy policy;
    private final double shadowRate;
    private final ShadowReadListener shadowListener;
    private final Clock clock;
    private final Repairs repairs;
    private final String instance;
    private final AtomicLong writes = new AtomicLong();
    /** Markers of confirmed writes the database refused to remove: removed by the next inner transaction, or at close. */
    private final Queue<String> confirmed = new ConcurrentLinkedQueue<>();
    private volatile MigrationPhase hint;

    /**
     * Opens the engine, recording {@code JSON_ONLY} when the database has no phase yet, and replays
     * what earlier processes left unconfirmed.
     *
     * @param json the JSON file store
     * @param database the database store
     * @param policy what a failure of the secondary does
     * @param shadowRate the share of reads compared against the secondary, 0 to 1
     * @param shadowListener hears the comparisons
     * @param clock the clock
     */
    public DualWrites(ProximityStore json, ProximityStore database, SecondaryFailurePolicy policy, double shadowRate,
                      ShadowReadListener shadowListener, Clock clock) {
        this.json = json;
        this.database = database;
        this.policy = policy;
        this.shadowRate = shadowRate;
        this.shadowListener = shadowListener;
        this.clock = clock;
        this.repairs = new Repairs(clock);
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        this.instance = HexFormat.of().formatHex(random);
        // the phase row must exist before anyone holds it: a held absent row holds nothing
        this.hint = parse(Optional.of(database.write(session -> session.settings().putIfAbsent(ControlKeys.PHASE, MigrationPhase.JSON_ONLY.name()))));
        if (hint != MigrationPhase.ARCHIVED && hasLeftovers()) {
            RepairReport report = repair();
            LOG.info("dual-write store {}: replayed {} of {} unconfirmed or queued writes at open", descriptor(),
                    report.replayed(), report.found());
        }
    }

    /** @return the phase in force, read from the database */
    public MigrationPhase phase() {
        MigrationPhase phase = database.read(session -> parse(session.settings().get(ControlKeys.PHASE)));
        hint = phase;
        return phase;
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        return switch (phase()) {
            case JSON_ONLY -> json.read(guardedWork(work));
            case DUAL_WRITE -> shadowed(json, database, work);
            case DB_PRIMARY -> shadowed(database, json, work);
            case DB_ONLY, ARCHIVED -> database.read(guardedWork(work));
        };
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        for (int attempt = 1; ; attempt++) {
            MigrationPhase expected = hint;
            try {
                return usesJson(expected) ? writeUnderJsonLock(work) : writeDatabaseOnly(work);
            } catch (PhaseMoved moved) {
                hint = moved.phase;
                if (attempt == PHASE_RETRIES) {
                    throw new StoreException(descriptor() + ": the migration phase changed " + attempt
                            + " times while a write waited; it was not applied");
                }
            }
        }
    }

    private <T> T writeDatabaseOnly(Function<StoreSession, T> work) {
        return database.write(session -> {
            MigrationPhase now = parse(session.settings().getHeld(ControlKeys.PHASE));
            if (usesJson(now)) {
                throw new PhaseMoved(now);
            }
            return work.apply(ControlKeys.guarded(session));
        });
    }

    /** What the inner (database) transaction committed, for when the outer one then fails. */
    private static final class InnerCommit {
        RepairEntry entry;
        String markerKey;
        Object result;
    }

    private <T> T writeUnderJsonLock(Function<StoreSession, T> work) {
        InnerCommit inner = new InnerCommit();
        try {
            T result = json.write(jsonSession -> {
                // a switch needs the JSON lock we now hold, so this phase stays until we commit
                MigrationPhase now = database.read(session -> parse(session.settings().get(ControlKeys.PHASE)));
                if (!usesJson(now)) {
                    throw new PhaseMoved(now);
                }
                hint = now;
                return switch (now) {
                    case DUAL_WRITE -> jsonPrimary(jsonSession, work, inner);
                    case DB_PRIMARY -> databasePrimary(jsonSession, work, inner);
                    default -> work.apply(ControlKeys.guarded(jsonSession));
                };
            });
            if (inner.markerKey != null) {
                removeMarker(inner.markerKey);
            }
            return result;
        } catch (PhaseMoved moved) {
            throw moved;
        } catch (RuntimeException outerFailed) {
            if (inner.entry == null) {
                throw outerFailed;
            }
            @SuppressWarnings("unchecked")
            T result = (T) inner.result;
            return afterOuterFailure(inner, outerFailed, result);
        }
    }

    /** DUAL_WRITE: the work runs on JSON; its resulting records are copied into the database, which commits first. */
    private <T> T jsonPrimary(StoreSession jsonSession, Function<StoreSession, T> work, InnerCommit inner) {
        Mirror mirror = new Mirror();
        T result = work.apply(ControlKeys.guarded(RecordingSession.over(jsonSession, mirror)));
        if (mirror.isEmpty()) {
            return result;
        }
        RepairEntry unconfirmed = mirror.toRepair("written to the database; the JSON commit was not confirmed", JSON, DATABASE);
        String markerKey = markerKey();
        try {
            List<String> done = drainConfirmed();
            try {
                database.write(session -> {
                    mirror.replay(session);
                    done.forEach(session.settings()::remove);
                    session.settings().put(markerKey, unconfirmed.encode());
                    return null;
                });
            } catch (RuntimeException e) {
                confirmed.addAll(done);
                throw e;
            }
        } catch (RuntimeException secondaryFailed) {
            secondaryFailed(jsonSession, mirror, JSON, DATABASE, secondaryFailed);
            return result;
        }
        inner.entry = unconfirmed;
        inner.markerKey = markerKey;
        inner.result = result;
        return result;
    }

    /** DB_PRIMARY: the work runs in a database transaction; its resulting records are copied into JSON before it commits. */
    private <T> T databasePrimary(StoreSession jsonSession, Function<StoreSession, T> work, InnerCommit inner) {
        String markerKey = markerKey();
        RepairEntry[] unconfirmed = new RepairEntry[1];
        List<String> done = drainConfirmed();
        T result;
        try {
            result = database.write(session -> {
            Mirror mirror = new Mirror();
            T answer = work.apply(ControlKeys.guarded(RecordingSession.over(session, mirror)));
            if (!mirror.isEmpty()) {
                try {
                    mirror.replay(jsonSession);
                } catch (RuntimeException secondaryFailed) {
                    secondaryFailed(session, mirror, DATABASE, JSON, secondaryFailed);
                }
                unconfirmed[0] = mirror.toRepair("written to the database; the JSON commit was not confirmed", DATABASE, JSON);
                done.forEach(session.settings()::remove);
                session.settings().put(markerKey, unconfirmed[0].encode());
            }
            return answer;
            });
        } catch (RuntimeException e) {
            confirmed.addAll(done);
            throw e;
        }
        if (unconfirmed[0] == null) {
            confirmed.addAll(done);
        }
        if (unconfirmed[0] != null) {
            inner.entry = unconfirmed[0];
            inner.markerKey = markerKey;
            inner.result = result;
        }
        return result;
    }

    private void secondaryFailed(StoreSession primarySession, Mirror mirror, String from, String to, RuntimeException failure) {
        ProximityStore secondary = DATABASE.equals(to) ? database : json;
        if (policy == SecondaryFailurePolicy.FAIL) {
            throw new StoreException(secondary.descriptor() + " (the secondary store) failed the mirrored write, so neither store kept it: "
                    + failure.getMessage(), failure);
        }
        repairs.enqueue(primarySession, mirror.toRepair(String.valueOf(failure.getMessage()), from, to));
        LOG.warn("{} (the secondary store) failed a mirrored write; queued for repair ({} records): {}", secondary.descriptor(),
                mirror.toRepair("", from, to).size(), failure.getMessage());
    }

    /**
     * The database committed, then the JSON file did not. Put the two in line at once from the store
     * holding the truth; if that fails too, keep the marker (a fresh one is used from now on) for
     * {@link #repair}.
     */
    private <T> T afterOuterFailure(InnerCommit inner, RuntimeException outerFailed, T result) {
        boolean databaseIsTruth = DATABASE.equals(inner.entry.from());
        try {
            json.write(jsonSession -> {
                if (databaseIsTruth) {
                    Repairs.Truth truth = database.read(session -> Repairs.Truth.of(session, inner.entry));
                    truth.apply(jsonSession, inner.entry);
                } else {
                    Repairs.Truth truth = Repairs.Truth.of(jsonSession, inner.entry);
                    database.write(session -> {
                        truth.apply(session, inner.entry);
                        return null;
                    });
                }
                return null;
            });
            removeMarker(inner.markerKey);
        } catch (RuntimeException repairFailed) {
            outerFailed.addSuppressed(repairFailed);
            if (databaseIsTruth && policy == SecondaryFailurePolicy.QUEUE) {
                LOG.warn("{} failed after the database committed; the write is kept in the database and queued for repair: {}",
                        json.descriptor(), outerFailed.getMessage());
                return result;
            }
            throw new StoreException(databaseIsTruth
                    ? json.descriptor() + " failed after " + database.descriptor() + " (the primary) committed: the write is kept"
                    + " in the database and queued for repair (MigrationService.repair): " + outerFailed.getMessage()
                    : json.descriptor() + " (the primary) failed after " + database.descriptor() + " committed the mirrored write;"
                    + " undoing it there failed too, and is queued for repair (MigrationService.repair): " + outerFailed.getMessage(),
                    outerFailed);
        }
        if (databaseIsTruth) {
            LOG.warn("{} failed after the database committed; copied the write into it again", json.descriptor());
            return result;
        }
        throw outerFailed;
    }

    /**
     * Replays the repair queue and every unconfirmed write, from the store holding each entry's
     * truth, holding the JSON lock throughout.
     *
     * @return what was found and replayed
     */
    public RepairReport repair() {
        if (phase() == MigrationPhase.ARCHIVED) {
            int left = database.read(session -> repairs.queued(session).size());
            return new RepairReport(left, 0, left == 0 ? List.of()
                    : List.of(left + " entries are queued but the JSON file is archived; nothing can be replayed into it"));
        }
        Replay replay = json.write(this::replayUnderJsonLock);
        removeAfterJsonCommit(replay.databaseKeysDone());
        return replay.report();
    }

    /**
     * What a replay under the JSON lock did, and the database-held entries it replayed into JSON,
     * which go only once the JSON file committed what they named.
     */
    private record Replay(RepairReport report, List<String> databaseKeysDone) {
    }

    private Replay replayUnderJsonLock(StoreSession jsonSession) {
        List<String> failures = new ArrayList<>();
        List<String> done = new ArrayList<>();
        int replayed = 0;
        Map<String, RepairEntry> inJson = repairs.queued(jsonSession);
        Map<String, RepairEntry> inDatabase = database.read(repairs::queued);
        Map<String, Map.Entry<String, RepairEntry>> all = new LinkedHashMap<>();
        inJson.forEach((key, entry) -> all.put(JSON + ":" + key, Map.entry(key, entry)));
        inDatabase.forEach((key, entry) -> all.put(DATABASE + ":" + key, Map.entry(key, entry)));
        for (Map.Entry<String, Map.Entry<String, RepairEntry>> item : all.entrySet()) {
            boolean heldInJson = item.getKey().startsWith(JSON + ":");
            String key = item.getValue().getKey();
            RepairEntry entry = item.getValue().getValue();
            try {
                if (JSON.equals(entry.from())) {
                    Repairs.Truth truth = Repairs.Truth.of(jsonSession, entry);
                    database.write(session -> {
                        truth.apply(session, entry);
                        if (!heldInJson) {
                            session.settings().remove(key);
                        }
                        return null;
                    });
                } else {
                    Repairs.Truth truth = database.read(session -> Repairs.Truth.of(session, entry));
                    truth.apply(jsonSession, entry);
                    if (!heldInJson) {
                        done.add(key);
                    }
                }
                if (heldInJson) {
                    jsonSession.settings().remove(key);
                }
                replayed++;
            } catch (RuntimeException e) {
                failures.add(key + " (" + entry.from() + " to " + entry.to() + ", " + entry.size() + " records): " + e.getMessage());
            }
        }
        return new Replay(new RepairReport(all.size(), replayed, failures), done);
    }

    private void removeAfterJsonCommit(List<String> databaseKeys) {
        if (!databaseKeys.isEmpty()) {
            database.write(session -> {
                databaseKeys.forEach(session.settings()::remove);
                return null;
            });
        }
    }

    /** @return how many repair entries and unconfirmed writes are recorded now */
    public int pendingRepairs() {
        int inDatabase = database.read(session -> repairs.queued(session).size());
        return phase() == MigrationPhase.ARCHIVED ? inDatabase : inDatabase + json.read(session -> repairs.queued(session).size());
    }

    /**
     * Switches phase, one step forward or back. Replays the repair queue under the JSON lock first: a phase starts with
     * both stores agreeing on every write the last one made. Switching to {@code ARCHIVED} renames
     * the JSON file to {@code NAME.archived-TIMESTAMP}, kept beside it.
     *
     * @param target the phase to switch to
     * @return the phase now in force
     * @throws MigrationException when the switch is not one step, or writes could not be repaired
     */
    public MigrationPhase switchPhase(MigrationPhase target) {
        MigrationPhase current = phase();
        if (current == target) {
            return current;
        }
        requireAllowed(current, target);
        Replay[] replay = new Replay[1];
        MigrationPhase switched = json.write(jsonSession -> {
            MigrationPhase now = database.read(session -> parse(session.settings().get(ControlKeys.PHASE)));
            if (now == target) {
                return now;
            }
            requireAllowed(now, target);
            // under the JSON lock no write is between its two commits: what the queue and the markers
            // name is replayed now, so the new phase starts with both stores agreeing
            replay[0] = replayUnderJsonLock(jsonSession);
            if (!replay[0].report().isComplete()) {
                throw new MigrationException("cannot switch from " + now + " to " + target + ": "
                        + replay[0].report().failures().size() + " writes one store missed could not be replayed: "
                        + String.join("; ", replay[0].report().failures()));
            }
            Instant since = database.read(session -> session.settings().get(ControlKeys.PHASE_SINCE)).map(Instant::parse)
                    .orElse(Instant.EPOCH);
            boolean jsonBehind = database.read(session -> session.settings().get(ControlKeys.JSON_BEHIND)).isPresent();
            if (now == MigrationPhase.DUAL_WRITE && target == MigrationPhase.DB_PRIMARY && holdsRecords(jsonSession)) {
                requireBackfill(database, since, "JSON into the database", "before the database becomes primary");
            }
            if (now == MigrationPhase.DB_PRIMARY && target == MigrationPhase.DUAL_WRITE && jsonBehind
                    && database.read(DualWrites::holdsRecords)) {
                requireBackfill(json, since, "the database into JSON", "to catch up on what JSON missed in DB_ONLY");
            }
            String archived = target == MigrationPhase.ARCHIVED ? archiveJsonFile() : null;
            database.write(session -> {
                session.settings().put(ControlKeys.PHASE, target.name());
                session.settings().put(ControlKeys.PHASE_SINCE, clock.instant().toString());
                if (target == MigrationPhase.DB_ONLY) {
                    session.settings().putIfAbsent(ControlKeys.JSON_BEHIND, clock.instant().toString());
                } else if (target == MigrationPhase.DUAL_WRITE) {
                    session.settings().remove(ControlKeys.JSON_BEHIND);
                }
                return null;
            });
            hint = target;
            LOG.info("{}: migration phase {} -> {}{}", descriptor(), now, target, archived == null ? "" : "; JSON file archived as " + archived);
            return target;
        });
        if (replay[0] != null) {
            removeAfterJsonCommit(replay[0].databaseKeysDone());
        }
        return switched;
    }

    private static boolean holdsRecords(StoreSession session) {
        return session.apps().count() > 0 || !session.portLeases().listAfter(0, 1).isEmpty()
                || !session.deploymentLogs().appIdsAfter(null, 1).isEmpty();
    }

    /** The next phase reads a store that may lack writes made before both were written: a completed backfill into it must follow. */
    private static void requireBackfill(ProximityStore into, Instant since, String direction, String why) {
        String target = into.descriptor().toString();
        boolean done = into.read(session -> session.migrationRuns().list()).stream()
                .anyMatch(run -> run.status() == MigrationRunStatus.COMPLETED && !run.request().dryRun()
                        && run.target().equals(target) && !run.startedAt().isBefore(since.truncatedTo(ChronoUnit.MILLIS)));
        if (!done) {
            throw new MigrationException("a backfill of " + direction + " must complete " + why + ", and none has since the"
                    + " phase began at " + since + "; run one (proximity migrate, or StoreMigration.of(store).start), then switch");
        }
    }

    private String archiveJsonFile() {
        if (!JSON.equals(json.descriptor().kind())) {
            throw new MigrationException("cannot archive " + json.descriptor() + ": only a JSON file store is archived");
        }
        Path file = Path.of(json.descriptor().location());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC).format(clock.instant());
        Path archived = file.resolveSibling(file.getFileName() + ".archived-" + stamp);
        try {
            if (Files.exists(file)) {
                Files.move(file, archived, StandardCopyOption.ATOMIC_MOVE);
            }
            return archived.toString();
        } catch (IOException e) {
            throw new MigrationException("cannot archive " + file + " as " + archived + ": " + e.getMessage(), e);
        }
    }

    private static void requireAllowed(MigrationPhase from, MigrationPhase to) {
        if (!from.canSwitchTo(to)) {
            throw new MigrationException("cannot switch from " + from + " to " + to + ": phases move one step at a time ("
                    + "JSON_ONLY, DUAL_WRITE, DB_PRIMARY, DB_ONLY, ARCHIVED), forward or back, and ARCHIVED is final");
        }
    }

    /** Operation locks: the JSON file's while JSON is in use (plain JSON processes may share it), then always the database's. */
    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean withJson = usesJson(phase());
        Optional<StoreLock> first = withJson ? json.lock(name, wait) : Optional.empty();
        if (withJson && first.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoreLock> second;
        try {
            second = database.lock(name, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (RuntimeException e) {
            first.ifPresent(StoreLock::close);
            throw e;
        }
        if (second.isEmpty()) {
            first.ifPresent(StoreLock::close);
            return Optional.empty();
        }
        StoreLock inner = second.get();
        return Optional.of(new StoreLock() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
                try {
                    inner.close();
                } finally {
                    first.ifPresent(StoreLock::close);
                }
            }
        });
    }

    @Override
    public StoreDescriptor descriptor() {
        return new StoreDescriptor("dual", json.descriptor() + "|" + database.descriptor());
    }

    /** @return the JSON file store */
    public ProximityStore json() {
        return json;
    }

    /** @return the database store */
    public ProximityStore database() {
        return database;
    }

    @Override
    public void close() {
        try {
            List<String> done = drainConfirmed();
            if (!done.isEmpty()) {
                database.write(session -> {
                    done.forEach(session.settings()::remove);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("could not remove confirmed markers at close: {}", e.getMessage());
        } finally {
            try {
                json.close();
            } finally {
                database.close();
            }
        }
    }

    private <T> T shadowed(ProximityStore primary, ProximityStore secondary, Function<StoreSession, T> work) {
        long started = System.nanoTime();
        T answer = primary.read(guardedWork(work));
        Duration primaryTime = Duration.ofNanos(System.nanoTime() - started);
        if (shadowRate > 0 && ThreadLocalRandom.current().nextDouble() < shadowRate) {
            long shadowStarted = System.nanoTime();
            ShadowReadListener.Comparison comparison;
            try {
                Object other = secondary.read(guardedWork(work));
                List<String> differences = ShadowDifferences.between(answer, other);
                comparison = new ShadowReadListener.Comparison(primary.descriptor().toString(), secondary.descriptor().toString(),
                        differences.isEmpty(), differences, primaryTime, Duration.ofNanos(System.nanoTime() - shadowStarted), null);
            } catch (RuntimeException e) {
                comparison = new ShadowReadListener.Comparison(primary.descriptor().toString(), secondary.descriptor().toString(),
                        false, List.of(), primaryTime, Duration.ofNanos(System.nanoTime() - shadowStarted), String.valueOf(e.getMessage()));
            }
            try {
                shadowListener.compared(comparison);
            } catch (RuntimeException e) {
                LOG.warn("shadow read listener failed", e);
            }
        }
        return answer;
    }

    private static <T> Function<StoreSession, T> guardedWork(Function<StoreSession, T> work) {
        return session -> work.apply(ControlKeys.guarded(session));
    }

    private boolean hasLeftovers() {
        return database.read(session -> !repairs.queued(session).isEmpty());
    }

    /** One key per write: a marker is never overwritten, so a failed write's trail survives later writes. */
    private String markerKey() {
        return ControlKeys.PENDING_PREFIX + instance + "-" + writes.incrementAndGet();
    }

    /** The outer commit is confirmed: the marker goes now, or with the next inner transaction if the database refuses. */
    private void removeMarker(String key) {
        try {
            database.write(session -> session.settings().remove(key));
        } catch (RuntimeException e) {
            confirmed.add(key);
        }
    }

    private List<String> drainConfirmed() {
        List<String> done = new ArrayList<>();
        for (String key = confirmed.poll(); key != null; key = confirmed.poll()) {
            done.add(key);
        }
        return done;
    }

    private static boolean usesJson(MigrationPhase phase) {
        return phase.compareTo(MigrationPhase.DB_PRIMARY) <= 0;
    }

    private MigrationPhase parse(Optional<String> value) {
        if (value.isEmpty()) {
            return MigrationPhase.JSON_ONLY;
        }
        try {
            return MigrationPhase.valueOf(value.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreException(database.descriptor() + ": setting '" + ControlKeys.PHASE + "' holds '" + value.get()
                    + "', which is no migration phase (JSON_ONLY, DUAL_WRITE, DB_PRIMARY, DB_ONLY, ARCHIVED)");
        }
    }
}
