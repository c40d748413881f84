package dev.proximity.api.store;

/**
 * Service-provider interface: an adapter module registers one in
 * {@code META-INF/services/dev.proximity.api.store.StoreFactory} so {@link Stores#open} can find it.
 */
public interface StoreFactory {

    /**
     * @param url a store URL
     * @return whether this factory opens it
     */
    boolean supports(StoreUrl url);

    /**
     * Opens (and, for databases, migrates the schema of) the store.
     *
     * @param url the store URL
     * @return the open store
     */
    ProximityStore open(StoreUrl url);

    /**
     * Opens the store for a migration to read. The default pages through the opened store; adapters
     * whose stores load everything on open (a JSON file) override it to stream instead.
     *
     * @param url the store URL
     * @return its records, one at a time
     */
    default RecordSource openSource(StoreUrl url) {
        return new StoreRecordSource(open(url), true);
    }
}
