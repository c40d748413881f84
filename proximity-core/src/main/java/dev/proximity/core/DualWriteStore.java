package dev.proximity.core;

import dev.proximity.api.Validation;
import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.RepairReport;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.internal.store.DualWrites;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Two stores behind one {@link ProximityStore}, for moving a live installation from its JSON file
 * to a database: the {@link MigrationPhase} decides which is read and which are written, and is
 * kept in the database so every process sharing the installation follows a switch on its next call.
 *
 * <ul>
 *   <li>{@code JSON_ONLY}: the JSON file only, as before the migration.</li>
 *   <li>{@code DUAL_WRITE}: the JSON file is primary (read, and written first); every write is copied
 *       into the database record by record, verbatim.</li>
 *   <li>{@code DB_PRIMARY}: the database is primary; every write is copied into the JSON file, so the
 *       way back stays open.</li>
 *   <li>{@code DB_ONLY}: the database only. {@code ARCHIVED}: the JSON file renamed, final.</li>
 * </ul>
 *
 * <p>In the middle phases a failure of the secondary follows the {@link SecondaryFailurePolicy};
 * sampled reads are also answered by the secondary and compared ({@link ShadowReadListener}).
 * Open one with {@link #builder} or {@code Stores.open("dual:json:PATH|jdbc:sqlite:PATH")}.
 */
public final class DualWriteStore implements ProximityStore {

    private final DualWrites engine;

    private DualWriteStore(DualWrites engine) {
        this.engine = engine;
    }

    /**
     * @param json the JSON file store (legacy {@code apps.json})
     * @param database the database store
     * @return a builder; the new store owns both and closes them
     */
    public static Builder builder(ProximityStore json, ProximityStore database) {
        return new Builder(json, database);
    }

    /** @return the phase in force, as every process sharing the stores sees it */
    public MigrationPhase phase() {
        return engine.phase();
    }

    /**
     * Switches phase one step forward or back, after replaying the repair queue.
     *
     * @param target the next or the previous phase
     * @return the phase now in force
     * @throws dev.proximity.api.error.MigrationException when the switch is not allowed or the queue cannot be replayed
     */
    public MigrationPhase switchPhase(MigrationPhase target) {
        return engine.switchPhase(Objects.requireNonNull(target, "target"));
    }

    /** @return what a replay of the repair queue and of unconfirmed writes did */
    public RepairReport repair() {
        return engine.repair();
    }

    /** @return writes one store missed, and writes not yet confirmed in both, recorded now */
    public int pendingRepairs() {
        return engine.pendingRepairs();
    }

    /** @return the JSON file store */
    public ProximityStore json() {
        return engine.json();
    }

    /** @return the database store */
    public ProximityStore database() {
        return engine.database();
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        return engine.read(work);
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        return engine.write(work);
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        return engine.lock(name, wait);
    }

    @Override
    public StoreDescriptor descriptor() {
        return engine.descriptor();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "DualWriteStore[" + descriptor() + "]";
    }

    /** Options of a {@link DualWriteStore}. */
    public static final class Builder {
        private final ProximityStore json;
        private final ProximityStore database;
        private SecondaryFailurePolicy policy = SecondaryFailurePolicy.FAIL;
        private double shadowRate = 0.01;
        private ShadowReadListener shadowListener = ShadowReadLog.INSTANCE;
        private Clock clock = Clock.systemUTC();

        private Builder(ProximityStore json, ProximityStore database) {
            this.json = Objects.requireNonNull(json, "json");
            this.database = Objects.requireNonNull(database, "database");
        }

        /**
         * @param policy what a failure of the secondary store does; default {@link SecondaryFailurePolicy#FAIL}
         * @return this builder
         */
        public Builder secondaryFailurePolicy(SecondaryFailurePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Reads in the middle phases are also run on the secondary at this rate and compared.
         *
         * @param rate 0 (never) to 1 (every read); default 0.01
         * @param listener hears each comparison; default: mismatches logged as warnings
         * @return this builder
         */
        public Builder shadowReads(double rate, ShadowReadListener listener) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("shadow read rate must be between 0 and 1, not " + rate);
            }
            this.shadowRate = rate;
            this.shadowListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param clock the clock for repair entries and archive names
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Validation.required(clock, "clock");
            return this;
        }

        /** @return the open store; a phase is recorded ({@code JSON_ONLY}) if the database had none */
        public DualWriteStore build() {
            return new DualWriteStore(new DualWrites(json, database, policy, shadowRate, shadowListener, clock));
        }
    }
}
