package dev.proximity.store.jpa;

import dev.proximity.api.Validation;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.BulkCopy;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Repositories;
import dev.proximity.api.store.StoreDescriptor;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.StoreUrl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import java.util.function.Function;

/**
 * The JPA store: Hibernate ORM over SQLite (the embedded default) or PostgreSQL (for many processes
 * or hosts), with the schema kept by Flyway migrations applied on open.
 *
 * <pre>{@code
 * try (ProximityStore store = JpaStore.open("jdbc:sqlite:data/proximity.db")) {
 *     long apps = store.read(session -> session.apps().count());
 * }
 * }</pre>
 *
 * <p>Thread-safe; open one per database and process, and share it. Work passed to {@link #read} and
 * {@link #write} must not call {@code write} again on the same store from inside (the outer
 * transaction already holds the connection a nested one would need); doing so fails at once.
 */
public final class JpaStore implements ProximityStore {

    private static final Logger LOG = LoggerFactory.getLogger(JpaStore.class);

    private final JdbcTarget target;
    private final Transactions transactions;
    /** Built on first use: settings, migration runs and app copies are plain JDBC and never need it. */
    private final LazySessionFactory sessionFactory;
    private final AppRows appRows;
    private final InsertFirst insertFirst = new InsertFirst();
    private final MigrationRunDocuments runDocuments;
    private final InventoryDocuments inventoryDocuments;
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private JpaStore(JdbcTarget target, Transactions transactions, LazySessionFactory sessionFactory) {
        this.target = target;
        this.transactions = transactions;
        this.sessionFactory = sessionFactory;
        JsonDocuments json = new JsonDocuments();
        this.appRows = new AppRows(json);
        this.runDocuments = new MigrationRunDocuments(json.mapper());
        this.inventoryDocuments = new InventoryDocuments(json.mapper());
    }

    /**
     * Opens a store, creating the SQLite file (and its directory) if needed and migrating the schema.
     *
     * @param jdbcUrl {@code jdbc:sqlite:PATH/proximity.db} or {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}
     * @return the open store
     * @throws dev.proximity.api.error.InvalidRequestException when the URL is not one of those forms
     * @throws StoreException when the database cannot be reached, migrated or validated
     */
    public static JpaStore open(String jdbcUrl) {
        return open(StoreUrl.parse(jdbcUrl));
    }

    /**
     * Opens a store, creating the SQLite file (and its directory) if needed and migrating the schema.
     *
     * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} store URL
     * @return the open store
     * @throws dev.proximity.api.error.InvalidRequestException when the URL is not one of those forms
     * @throws StoreException when the database cannot be reached, migrated or validated
     */
    public static JpaStore open(StoreUrl url) {
        JdbcTarget target = JdbcTarget.of(url);
        Transactions transactions = target.database() == Database.SQLITE
                ? new SqliteTransactions(target)
                : new PostgresTransactions(target);
        try {
            SchemaMigrations.apply(target, transactions.schemaDataSource());
            DataSource schema = transactions.schemaDataSource();
            MappingCheck.verify(target, schema);
            rebuildIndexesLeftAside(target, transactions);
            return new JpaStore(target, transactions, new LazySessionFactory(() -> HibernateBootstrap.sessionFactory(target, schema)));
        } catch (RuntimeException | Error e) {
            transactions.close();
            throw e;
        }
    }

    @Override
    public <T> T read(Function<StoreSession, T> work) {
        return transactions.read(connection -> inSession(connection, false, work));
    }

    @Override
    public <T> T write(Function<StoreSession, T> work) {
        if (writing.get()) {
            throw new IllegalStateException(target + ": store.write(...) called from inside store.write(...) on the same "
                    + "thread; do all the work in the outer transaction");
        }
        writing.set(Boolean.TRUE);
        try {
            return transactions.write(connection -> inSession(connection, true, work));
        } finally {
            writing.remove();
        }
    }

    private <T> T inSession(Connection connection, boolean writable, Function<StoreSession, T> work) {
        SessionContext context = new SessionContext(connection,
                () -> sessionFactory.get().withStatelessOptions().connection(connection).openStatelessSession(),
                target.database(), writable, target.toString());
        try {
            return work.apply(new Repositories(new JpaAppRepository(context, appRows, insertFirst), new JpaPortLeaseRepository(context),
                    new JpaDeploymentLogRepository(context), new JpaMigrationRunRepository(context, runDocuments),
                    new JpaSettingsRepository(context), new JpaInventoryRepository(context, inventoryDocuments),
                    new JpaBackupRepository(context)));
        } finally {
            context.close();
        }
    }

    /**
     * Into an empty app table, sets the query indexes aside until the copy ends (see
     * {@link DeferredIndexes}); otherwise, or while another copy here holds them, changes nothing.
     */
    @Override
    public BulkCopy startBulkCopy() {
        StoreLock copying = transactions.lock(DeferredIndexes.COPY_LOCK, Duration.ZERO).orElse(null);
        if (copying == null) {
            return BulkCopy.NONE;
        }
        try {
            if (DeferredIndexes.setAside(transactions, target) == 0) {
                copying.close();
                return BulkCopy.NONE;
            }
        } catch (RuntimeException e) {
            copying.close();
            throw e;
        }
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try (copying) {
                DeferredIndexes.rebuild(transactions, target);
            }
        };
    }

    /** A copy that died (a killed process) left the indexes aside: the first open after it builds them. */
    private static void rebuildIndexesLeftAside(JdbcTarget target, Transactions transactions) {
        if (!DeferredIndexes.anySetAside(transactions, target)) {
            return;
        }
        Optional<StoreLock> noCopyRunning = transactions.lock(DeferredIndexes.COPY_LOCK, Duration.ZERO);
        if (noCopyRunning.isEmpty()) {
            return;
        }
        try (StoreLock held = noCopyRunning.get()) {
            int rebuilt = DeferredIndexes.rebuild(transactions, target);
            LOG.warn("{}: rebuilt {} query indexes of the app table that a bulk copy set aside and did not live to rebuild",
                    target, rebuilt);
        }
    }

    @Override
    public Optional<StoreLock> lock(String name, Duration wait) {
        Validation.requiredText(name, "name");
        Validation.required(wait, "wait");
        return transactions.lock(name, wait);
    }

    @Override
    public StoreDescriptor descriptor() {
        return target.descriptor();
    }

    @Override
    public void close() {
        try {
            sessionFactory.close();
        } finally {
            transactions.close();
        }
    }

    /** @return kind and location, never credentials */
    @Override
    public String toString() {
        return "JpaStore[" + target + "]";
    }
}
