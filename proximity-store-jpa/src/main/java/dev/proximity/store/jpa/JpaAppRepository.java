package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.store.UpsertResult;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.hibernate.JDBCException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.query.SelectionQuery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apps in table {@code app}, through Hibernate. Queries are HQL built from the filters that are set,
 * so every filter hits its index; ties are broken by id in the sort's direction.
 */
final class JpaAppRepository implements AppRepository {

    private static final String ROW = "AppRow";

    private final SessionContext context;
    private final AppRows rows;
    private final AppBulkWriter bulk;

    JpaAppRepository(SessionContext context, AppRows rows, InsertFirst insertFirst) {
        this.context = context;
        this.rows = rows;
        this.bulk = new AppBulkWriter(context, rows, insertFirst);
    }

    @Override
    public Optional<App> get(String id) {
        return context.call("read app '" + id + "'", () -> Optional.ofNullable(row(id)).map(rows::toApp));
    }

    @Override
    public Optional<App> findByHostname(String hostname) {
        if (hostname == null) {
            return Optional.empty();
        }
        String folded = AppRows.fold(hostname);
        return context.call("find the app with hostname '" + hostname + "'", () -> context.hibernate()
                .createSelectionQuery("from " + ROW + " a where a.hostname = :hostname", AppEntity.class)
                .setParameter("hostname", folded)
                .uniqueResultOptional()
                .map(rows::toApp));
    }

    @Override
    public Page<App> find(AppQuery query) {
        return context.call("list apps", () -> {
            Map<String, Object> parameters = new LinkedHashMap<>();
            String where = where(query, parameters);
            SelectionQuery<Long> counting = context.hibernate().createSelectionQuery("select count(a) from " + ROW + " a" + where, Long.class);
            parameters.forEach(counting::setParameter);
            long total = counting.getSingleResult();
            if (query.offset() >= total) {
                return new Page<>(List.of(), query.page(), query.size(), total);
            }
            SelectionQuery<AppEntity> listing = context.hibernate()
                    .createSelectionQuery("from " + ROW + " a" + where + orderBy(query), AppEntity.class);
            parameters.forEach(listing::setParameter);
            List<App> items = listing.setFirstResult((int) query.offset()).setMaxResults(query.size())
                    .getResultList().stream().map(rows::toApp).toList();
            return new Page<>(items, query.page(), query.size(), total);
        });
    }

    private static String where(AppQuery query, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        if (!query.statuses().isEmpty()) {
            where.append(" and a.status in :statuses");
            parameters.put("statuses", query.statuses().stream().map(AppStatus::wireName).toList());
        }
        if (query.node() != null) {
            where.append(" and a.node = :node");
            parameters.put("node", query.node());
        }
        if (query.catalogId() != null) {
            where.append(" and a.catalogId = :catalogId");
            parameters.put("catalogId", query.catalogId());
        }
        if (query.ownerId() != null) {
            where.append(" and a.ownerId = :ownerId");
            parameters.put("ownerId", query.ownerId());
        }
        if (query.text() != null) {
            where.append(" and a.searchText like :pattern escape '!'");
            parameters.put("pattern", "%" + escapeLike(AppRows.fold(query.text())) + "%");
        }
        return where.isEmpty() ? "" : " where" + where.substring(" and".length());
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String orderBy(AppQuery query) {
        String direction = query.direction() == SortDirection.ASC ? " asc" : " desc";
        // unknown times sort as the oldest: first ascending, last descending, on every database
        String nulls = query.direction() == SortDirection.ASC ? " nulls first" : " nulls last";
        String first = switch (query.sort()) {
            case ID -> null;
            case NAME -> "a.name" + direction;
            case HOSTNAME -> "a.hostname" + direction;
            case CREATED_AT -> "a.createdAtMs" + direction + nulls;
            case UPDATED_AT -> "a.updatedAtMs" + direction + nulls;
        };
        return " order by " + (first == null ? "" : first + ", ") + "a.id" + direction;
    }

    @Override
    public long count() {
        return context.call("count apps", () -> context.hibernate()
                .createSelectionQuery("select count(a) from " + ROW + " a", Long.class).getSingleResult());
    }

    @Override
    public App insert(App app) {
        context.requireWritable("insert app '" + app.id() + "'");
        AppEntity row = rows.toRow(app, 1);
        return write(app, row, "insert app '" + app.id() + "'", () -> context.hibernate().insert(row));
    }

    @Override
    public App update(App app) {
        context.requireWritable("update app '" + app.id() + "'");
        AppEntity row = rows.toRow(app, app.version());
        try {
            return write(app, row, "update app '" + app.id() + "'", () -> context.hibernate().update(row));
        } catch (StaleStateException | OptimisticLockException stale) {
            Long stored = storedVersion(app.id());
            if (stored == null) {
                throw new NotFoundException("app", app.id());
            }
            throw new ConcurrentUpdateException("app", app.id(), app.version(), stored);
        }
    }

    @Override
    public UpsertOutcome upsertIfNewer(App app) {
        context.requireWritable("copy app '" + app.id() + "'");
        UpsertResult result = bulk.upsertAll(List.of(app)).get(0);
        if (result.outcome() == UpsertOutcome.REJECTED) {
            // the same check a single insert makes, for the same typed error
            bulk.putVerbatim(app);
        }
        return result.outcome();
    }

    @Override
    public List<UpsertResult> upsertAllIfNewer(List<App> apps) {
        context.requireWritable("copy " + apps.size() + " apps");
        return bulk.upsertAll(apps);
    }

    @Override
    public void putVerbatim(App app) {
        context.requireWritable("write app '" + app.id() + "'");
        bulk.putVerbatim(app);
    }

    private static boolean isNewer(Instant incoming, Instant stored) {
        return incoming != null && (stored == null || incoming.isAfter(stored));
    }

    @Override
    public boolean delete(String id) {
        context.requireWritable("delete app '" + id + "'");
        return context.call("delete app '" + id + "'", () -> context.hibernate()
                .createMutationQuery("delete from " + ROW + " a where a.id = :id")
                .setParameter("id", id)
                .executeUpdate() > 0);
    }

    @Override
    public List<App> listAfter(String afterId, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return context.call("list apps after '" + afterId + "'", () -> {
            SelectionQuery<AppEntity> query = afterId == null
                    ? context.hibernate().createSelectionQuery("from " + ROW + " a order by a.id", AppEntity.class)
                    : context.hibernate().createSelectionQuery("from " + ROW + " a where a.id > :after order by a.id", AppEntity.class)
                    .setParameter("after", afterId);
            return query.setMaxResults(limit).getResultList().stream().map(rows::toApp).toList();
        });
    }

    @Override
    public List<RecordProblem> problems() {
        return List.of();
    }

    private AppEntity row(String id) {
        return context.hibernate().get(AppEntity.class, id);
    }

    private Long storedVersion(String id) {
        return context.call("read the version of app '" + id + "'", () -> context.hibernate()
                .createSelectionQuery("select a.version from " + ROW + " a where a.id = :id", Long.class)
                .setParameter("id", id)
                .uniqueResultOptional()
                .orElse(null));
    }

    /**
     * Runs the insert or update of one row and returns the app as stored (its documents read back
     * from the JSON written, its version as Hibernate set it), turning a unique violation into
     * {@link AlreadyExistsException} naming the field. A version mismatch propagates for the caller
     * to tell "changed" from "gone".
     */
    private App write(App app, AppEntity row, String action, Runnable statement) {
        try {
            context.fenced(() -> {
                statement.run();
                return null;
            });
        } catch (JDBCException violation) {
            // SQLite's dialect reports unique violations as plain JDBC errors; PostgreSQL's names the constraint
            String constraint = violation instanceof ConstraintViolationException named ? named.getConstraintName() : null;
            AlreadyExistsException typed = UniqueViolations.forApp(app, constraint, violation).orElse(null);
            if (typed != null) {
                throw typed;
            }
            throw context.failure(action, violation);
        } catch (StaleStateException | OptimisticLockException stale) {
            throw stale;
        } catch (PersistenceException e) {
            throw context.failure(action, e);
        }
        return rows.toApp(row);
    }
}
