package dev.proximity.core.internal.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.BulkCopy;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.store.UpsertResult;
import dev.proximity.core.internal.store.ForwardingAppRepository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The target of a backfill that runs while a dual-write store is in use. Each batch commits under
 * the JSON file's lock (the dual-write store's lock order: JSON, then the database), and each app is
 * copied as the store holding the truth has it now, not as the stream read it moments before: a
 * live write that changed or deleted the app in between is neither undone nor resurrected.
 */
public final class LiveTarget implements ProximityStore {

    private final ProximityStore json;
    private final ProximityStore database;
    private final boolean intoDatabase;
    private final String defaultOwner;

    /**
     * @param json the JSON file store
     * @param database the database store
     * @param intoDatabase true to copy JSON into the database, false for the way back
     * @param defaultOwner the owner given to apps without one, or null
     */
    public LiveTarget(ProximityStore json, ProximityStore database, boolean intoDatabase, String defaultOwner) {
        this.json = json;
        this.database = database;
        this.intoDatabase = intoDatabase;
        this.defaultOwner = defaultOwner;
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        return (intoDatabase ? database : json).read(work);
    }

    @Override
    public BulkCopy startBulkCopy() {
        return (intoDatabase ? database : json).startBulkCopy();
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        return json.write(jsonSession -> {
            if (intoDatabase) {
                return database.write(session -> work.apply(refreshed(session, jsonSession)));
            }
            return database.read(session -> work.apply(refreshed(jsonSession, session)));
        });
    }

    private StoreSession refreshed(StoreSession target, StoreSession truth) {
        return new Repositories(new Refreshing(target.apps(), truth.apps(), defaultOwner), target.portLeases(),
                target.deploymentLogs(), target.migrationRuns(), target.settings(), target.inventory(), target.backups());
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        return (intoDatabase ? database : json).lock(name, wait);
    }

    @Override
    public StoreDescriptor descriptor() {
        return (intoDatabase ? database : json).descriptor();
    }

    /** The stores belong to the dual-write store. */
    @Override
    public void close() {
    }

    /** Upserts that copy the truth's current value of each app. */
    private static final class Refreshing extends ForwardingAppRepository {
        private final AppRepository truth;
        private final String defaultOwner;

        Refreshing(AppRepository target, AppRepository truth, String defaultOwner) {
            super(target);
            this.truth = truth;
            this.defaultOwner = defaultOwner;
        }

        @Override
        public List<UpsertResult> upsertAllIfNewer(List<App> apps) {
            List<App> current = new ArrayList<>(apps.size());
            List<UpsertResult> results = new ArrayList<>(apps.size());
            List<Integer> slots = new ArrayList<>(apps.size());
            for (App app : apps) {
                Optional<App> now = truth.get(app.id());
                if (now.isEmpty()) {
                    results.add(new UpsertResult(app.id(), UpsertOutcome.SKIPPED, "deleted from the source since it was read"));
                } else {
                    slots.add(results.size());
                    results.add(null);
                    current.add(sameAsRead(app, now.get()) ? app : withOwner(now.get()));
                }
            }
            List<UpsertResult> copied = delegate().upsertAllIfNewer(current);
            for (int i = 0; i < copied.size(); i++) {
                results.set(slots.get(i), copied.get(i));
            }
            return results;
        }

        @Override
        public UpsertOutcome upsertIfNewer(App app) {
            return upsertAllIfNewer(List.of(app)).get(0).outcome();
        }

        private static boolean sameAsRead(App read, App now) {
            return read.version() == now.version() && java.util.Objects.equals(read.updatedAt(), now.updatedAt());
        }

        private App withOwner(App app) {
            return defaultOwner == null || app.ownerId() != null ? app : app.toBuilder().ownerId(defaultOwner).build();
        }
    }
}
