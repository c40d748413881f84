package dev.proximity.core.internal.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.Page;
import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.UpsertOutcome;
import dev.proximity.api.store.UpsertResult;

import java.util.List;
import java.util.Optional;

/** An {@link AppRepository} that hands every call to another; decorators override what they change. */
public abstract class ForwardingAppRepository implements AppRepository {

    private final AppRepository delegate;

    /** @param delegate the repository that does the work */
    protected ForwardingAppRepository(AppRepository delegate) {
        this.delegate = delegate;
    }

    /** @return the repository that does the work */
    protected AppRepository delegate() {
        return delegate;
    }

    @Override
    public Optional<App> get(String id) {
        return delegate.get(id);
    }

    @Override
    public Optional<App> findByHostname(String hostname) {
        return delegate.findByHostname(hostname);
    }

    @Override
    public Page<App> find(AppQuery query) {
        return delegate.find(query);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public App insert(App app) {
        return delegate.insert(app);
    }

    @Override
    public App update(App app) {
        return delegate.update(app);
    }

    @Override
    public UpsertOutcome upsertIfNewer(App app) {
        return delegate.upsertIfNewer(app);
    }

    @Override
    public List<UpsertResult> upsertAllIfNewer(List<App> apps) {
        return delegate.upsertAllIfNewer(apps);
    }

    @Override
    public void putVerbatim(App app) {
        delegate.putVerbatim(app);
    }

    @Override
    public boolean delete(String id) {
        return delegate.delete(id);
    }

    @Override
    public List<App> listAfter(String afterId, int limit) {
        return delegate.listAfter(afterId, limit);
    }

    @Override
    public List<RecordProblem> problems() {
        return delegate.problems();
    }
}
