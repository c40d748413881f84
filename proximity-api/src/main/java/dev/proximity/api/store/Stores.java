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
     * @param url {@code json:...}, {@code jdbc:sqlite:...}, {@code jdbc:postgresql:...}, {@code dual:...} or another
     *            scheme a factory on the class path supports
     * @return the open store
     * @throws InvalidRequestException when the URL is malformed or no adapter on the class path opens it
     */
    public static ProximityStore open(String url) {
        StoreUrl parsed = StoreUrl.parse(url);
        return factoryFor(parsed).open(parsed);
    }

    /**
     * Opens a store for a migration to read, streaming where the adapter can (see {@link RecordSource}).
     *
     * @param url the store URL
     * @return its records, one at a time
     * @throws InvalidRequestException when the URL is malformed or no adapter on the class path opens it
     */
    public static RecordSource openSource(String url) {
        StoreUrl parsed = StoreUrl.parse(url);
        return factoryFor(parsed).openSource(parsed);
    }

    private static StoreFactory factoryFor(StoreUrl parsed) {
        for (StoreFactory factory : ServiceLoader.load(StoreFactory.class, Stores.class.getClassLoader())) {
            if (factory.supports(parsed)) {
                return factory;
            }
        }
        String needs = switch (parsed.kind()) {
            case JSON -> "the proximity-store-json module on the class path";
            case SQLITE, POSTGRESQL -> "the proximity-store-jpa module on the class path";
            case DUAL -> "the proximity-core module and both stores' modules on the class path";
            case OTHER -> "a StoreFactory for scheme '" + parsed.scheme() + "' on the class path (registered in "
                    + "META-INF/services/" + StoreFactory.class.getName() + "); Proximity's own schemes are " + StoreUrl.EXPECTED;
        };
        throw InvalidRequestException.of("storeUrl", parsed, "needs " + needs + "; no store adapter there supports it");
    }
}
