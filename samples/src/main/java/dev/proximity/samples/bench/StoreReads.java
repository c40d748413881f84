package dev.proximity.samples.bench;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.Page;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;

import java.util.Optional;

/** Reads through a store opened by URL with the public API, each read in its own read transaction. */
final class StoreReads implements AppReads<App> {
    private final ProximityStore store;

    /** @param url the store URL */
    StoreReads(String url) {
        this.store = Stores.open(url);
    }

    @Override
    public Optional<App> get(String id) {
        return store.read(session -> session.apps().get(id));
    }

    @Override
    public Page<App> find(AppQuery query) {
        return store.read(session -> session.apps().find(query));
    }

    @Override
    public String idOf(App app) {
        return app.id();
    }

    @Override
    public void close() {
        store.close();
    }
}
