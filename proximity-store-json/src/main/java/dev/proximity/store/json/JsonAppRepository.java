package dev.proximity.store.json;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.UpsertOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link AppRepository} over the in-memory {@link AppTable} of one transaction. */
final class JsonAppRepository implements AppRepository {

    private static final String KIND = "app";

    private final AppTable table;
    private final SessionGuard guard;
    private final AppCodec codec;
    private final String source;

    JsonAppRepository(AppTable table, SessionGuard guard, AppCodec codec, String source) {
        this.table = table;
        this.guard = guard;
        this.codec = codec;
        this.source = source;
    }

    @Override
    public Optional<App> get(String id) {
        guard.checkOpen();
        return table.get(id).map(StoredApp::app);
    }

    @Override
    public Optional<App> findByHostname(String hostname) {
        guard.checkOpen();
        return hostname == null ? Optional.empty()
                : table.findByHostname(hostname.toLowerCase(Locale.ROOT)).map(StoredApp::app);
    }

    @Override
    public Page<App> find(AppQuery query) {
        guard.checkOpen();
        Objects.requireNonNull(query, "query");
        Predicate<App> matches = filter(query);
        List<App> found = new ArrayList<>();
        for (StoredApp stored : table.sortedById()) {
            if (matches.test(stored.app())) {
                found.add(stored.app());
            }
        }
        if (query.sort() != AppSort.ID || query.direction() != SortDirection.ASC) {
            found.sort(order(query.sort(), query.direction()));
        }
        int from = (int) Math.min(query.offset(), found.size());
        int to = Math.min(from + query.size(), found.size());
        return new Page<>(found.subList(from, to), query.page(), query.size(), found.size());
    }

    private static Predicate<App> filter(AppQuery query) {
        String text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
        return app -> (query.statuses().isEmpty() || query.statuses().contains(app.status()))
                && (query.node() == null || query.node().equals(app.node()))
                && (query.catalogId() == null || query.catalogId().equals(app.catalogId()))
                && (query.ownerId() == null || query.ownerId().equals(app.ownerId()))
                && (text == null || contains(app.name(), text) || contains(app.hostname(), text) || contains(app.id(), text));
    }

    private static boolean contains(String value, String lowerCaseText) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    /**
     * The requested order. Ties are broken by id in the same direction, so a descending listing is
     * exactly the ascending one reversed and pages are stable. Unknown times sort first ascending.
     */
    static Comparator<App> order(AppSort sort, SortDirection direction) {
        Comparator<Instant> times = Comparator.nullsFirst(Comparator.naturalOrder());
        Comparator<App> byId = Comparator.comparing(App::id);
        Comparator<App> order = switch (sort) {
            case ID -> byId;
            case NAME -> Comparator.comparing(App::name).thenComparing(byId);
            case HOSTNAME -> Comparator.comparing(App::hostname).thenComparing(byId);
            case CREATED_AT -> Comparator.comparing(App::createdAt, times).thenComparing(byId);
            case UPDATED_AT -> Comparator.comparing(App::updatedAt, times).thenComparing(byId);
        };
        return direction == SortDirection.DESC ? order.reversed() : order;
    }

    @Override
    public long count() {
        guard.checkOpen();
        return table.size();
    }

    @Override
    public App insert(App app) {
        guard.beforeChange("insert");
        Objects.requireNonNull(app, "app");
        if (table.get(app.id()).isPresent()) {
            throw new AlreadyExistsException(KIND, "id", app.id());
        }
        requireUnique(app);
        StoredApp stored = codec.encode(app.toBuilder().version(1).build(), null);
        table.add(stored);
        return stored.app();
    }

    @Override
    public App update(App app) {
        guard.beforeChange("update");
        Objects.requireNonNull(app, "app");
        StoredApp previous = table.get(app.id()).orElseThrow(() -> new NotFoundException(KIND, app.id()));
        if (previous.app().version() != app.version()) {
            throw new ConcurrentUpdateException(KIND, app.id(), app.version(), previous.app().version());
        }
        return replace(previous, app);
    }

    @Override
    public UpsertOutcome upsertIfNewer(App app) {
        guard.beforeChange("upsertIfNewer");
        Objects.requireNonNull(app, "app");
        Optional<StoredApp> previous = table.get(app.id());
        if (previous.isPresent() && !isNewer(app.updatedAt(), previous.get().app().updatedAt())) {
            return UpsertOutcome.SKIPPED;
        }
        putVerbatim(app);
        return previous.isEmpty() ? UpsertOutcome.CREATED : UpsertOutcome.UPDATED;
    }

    @Override
    public void putVerbatim(App app) {
        guard.beforeChange("putVerbatim");
        Objects.requireNonNull(app, "app");
        requireUnique(app);
        Optional<StoredApp> previous = table.get(app.id());
        // an app never stored anywhere (version 0) counts as stored once, as legacy entries do
        StoredApp stored = codec.encode(app.version() < 1 ? app.toBuilder().version(1).build() : app, previous.orElse(null));
        if (previous.isPresent()) {
            table.replace(stored);
        } else {
            table.add(stored);
        }
    }

    /** An unknown time counts as the oldest, so it never replaces anything. */
    private static boolean isNewer(Instant candidate, Instant stored) {
        return candidate != null && (stored == null || candidate.isAfter(stored));
    }

    private App replace(StoredApp previous, App app) {
        requireUnique(app);
        StoredApp stored = codec.encode(app.toBuilder().version(previous.app().version() + 1).build(), previous);
        table.replace(stored);
        return stored.app();
    }

    private void requireUnique(App app) {
        AppTable.Conflict conflict = table.conflictOf(app);
        if (conflict != null) {
            throw new AlreadyExistsException(KIND, conflict.field(), conflict.value());
        }
    }

    @Override
    public boolean delete(String id) {
        guard.beforeChange("delete");
        return id != null && table.remove(id);
    }

    @Override
    public List<App> listAfter(String afterId, int limit) {
        guard.checkOpen();
        if (limit < 0) {
            throw InvalidRequestException.of("limit", limit, "must not be negative");
        }
        return table.after(afterId).values().stream().limit(limit).map(StoredApp::app).toList();
    }

    @Override
    public List<RecordProblem> problems() {
        guard.checkOpen();
        return table.problems(source);
    }
}
