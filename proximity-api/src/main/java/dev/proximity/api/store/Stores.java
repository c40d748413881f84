package dev.proximity.api.store;

import dev.proximity.api.error.InvalidRequestException;

import java.util.ServiceLoader;

/**
 * Opens a store by URL using whichever adapter modules are on the class path.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * @param url {@code json:...}, {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}
     * @return the open store
     * @throws InvalidRequestException when the URL is malformed or no adapter on the class path opens it
     */
    public static ProximityStore open(String url) {
        StoreUrl parsed = StoreUrl.parse(url);
        for (StoreFactory factory : ServiceLoader.load(StoreFactory.class, Stores.class.getClassLoader())) {
            if (factory.supports(parsed)) {
                return factory.open(parsed);
            }
        }
        String module = parsed.kind() == StoreUrl.Kind.JSON ? "proximity-store-json" : "proximity-store-jpa";
        throw InvalidRequestException.of("storeUrl", parsed,
                "needs the " + module + " module on the class path; no store adapter there supports it");
    }
}
