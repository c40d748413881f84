package dev.proximity.core;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreFactory;
import dev.proximity.api.store.StoreUrl;
import dev.proximity.api.store.Stores;

/**
 * Opens {@code dual:JSON_URL|DATABASE_URL} store URLs, e.g.
 * {@code dual:json:data/apps.json|jdbc:sqlite:data/proximity.db}, as {@link DualWriteStore}s with
 * the default options (secondary failures fail the call; 1 % of reads shadow-compared). Both inner
 * URLs are opened through {@link Stores#open}, so their adapters must be on the class path.
 */
public final class DualWriteStoreFactory implements StoreFactory {

    private static final String EXPECTED = "dual:json:PATH/apps.json|jdbc:sqlite:PATH or dual:json:PATH|jdbc:postgresql://HOST/DB";

    /** Creates the factory (the service loader needs a public no-argument constructor). */
    public DualWriteStoreFactory() {
    }

    @Override
    public boolean supports(StoreUrl url) {
        return url.kind() == StoreUrl.Kind.DUAL;
    }

    @Override
    public ProximityStore open(StoreUrl url) {
        ProximityStore json = Stores.open(rawOf(url, 0));
        try {
            ProximityStore database = Stores.open(rawOf(url, 1));
            try {
                return DualWriteStore.builder(json, database).build();
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        } catch (RuntimeException e) {
            json.close();
            throw e;
        }
    }

    /**
     * @param url a {@code dual:} URL
     * @return its JSON and database URLs
     */
    public static StoreUrl[] split(StoreUrl url) {
        return new StoreUrl[] {StoreUrl.parse(rawOf(url, 0)), StoreUrl.parse(rawOf(url, 1))};
    }

    private static String rawOf(StoreUrl url, int index) {
        String location = url.location();
        int bar = location.indexOf('|');
        if (bar < 0) {
            throw InvalidRequestException.of("storeUrl", url.toString(), "names one store; expected " + EXPECTED);
        }
        String part = (index == 0 ? location.substring(0, bar) : location.substring(bar + 1)).trim();
        StoreUrl parsed = StoreUrl.parse(part);
        if (index == 0 && parsed.kind() != StoreUrl.Kind.JSON) {
            throw InvalidRequestException.of("storeUrl", url.toString(), "must name the JSON file first; expected " + EXPECTED);
        }
        if (index == 1 && parsed.kind() != StoreUrl.Kind.SQLITE && parsed.kind() != StoreUrl.Kind.POSTGRESQL) {
            throw InvalidRequestException.of("storeUrl", url.toString(), "must name an SQLite or PostgreSQL database second; expected "
                    + EXPECTED);
        }
        return part;
    }
}
