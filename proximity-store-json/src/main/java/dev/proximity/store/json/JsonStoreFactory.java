package dev.proximity.store.json;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.StoreFactory;
import dev.proximity.api.store.StoreUrl;

import java.nio.file.Path;

/**
 * Opens {@code json:PATH} store URLs as {@link JsonFileStore}s. Registered as a service, so
 * {@link dev.proximity.api.store.Stores#open} finds it when this module is on the class path.
 */
public final class JsonStoreFactory implements StoreFactory {

    /** Creates the factory (the service loader needs a public no-argument constructor). */
    public JsonStoreFactory() {
    }

    @Override
    public boolean supports(StoreUrl url) {
        return url.kind() == StoreUrl.Kind.JSON;
    }

    @Override
    public ProximityStore open(StoreUrl url) {
        if (!supports(url)) {
            throw new IllegalArgumentException("not a JSON store URL: " + url + "; expected json:PATH/apps.json");
        }
        return JsonFileStore.open(Path.of(url.location()));
    }

    /** Streams the file without loading it (see {@link JsonFileSource}). */
    @Override
    public RecordSource openSource(StoreUrl url) {
        if (!supports(url)) {
            throw new IllegalArgumentException("not a JSON store URL: " + url + "; expected json:PATH/apps.json");
        }
        return new JsonFileSource(Path.of(url.location()));
    }
}
