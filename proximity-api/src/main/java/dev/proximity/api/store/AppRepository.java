package dev.proximity.api.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.Page;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentUpdateException;
import dev.proximity.api.error.NotFoundException;

import java.util.List;
import java.util.Optional;

/**
 * Apps in a store. Unique: id, hostname, vmid, public port, internal port.
 */
public interface AppRepository {

    /**
     * @param id the app id
     * @return the app, if stored
     */
    Optional<App> get(String id);

    /**
     * @param hostname a hostname (any case)
     * @return the app holding it, if any
     */
    Optional<App> findByHostname(String hostname);

    /**
     * @param query filters, paging and sort (ties broken by id)
     * @return the matching page with the total count
     */
    Page<App> find(AppQuery query);

    /** @return how many apps are stored */
    long count();

    /**
     * Stores a new app. The stored copy has version 1, whatever version the argument had.
     *
     * @param app the app
     * @return the stored app
     * @throws AlreadyExistsException naming the unique field that collided (id, hostname, vmid,
     *         publicPort, internalPort)
     */
    App insert(App app);

    /**
     * Replaces a stored app if nobody changed it since it was read: {@code app.version()} must equal
     * the stored version. The stored copy gets version + 1.
     *
     * @param app the changed app
     * @return the stored app
     * @throws NotFoundException when the app is not stored
     * @throws ConcurrentUpdateException when the stored version differs
     * @throws AlreadyExistsException when a unique field now collides with another app
     */
    App update(App app);

    /**
     * Copies an app in from another store (migration): inserts it when absent, replaces it when
     * the argument is newer ({@code updatedAt} later; unknown counts as oldest), otherwise leaves
     * the stored one. Never overwrites a newer record. The copy is verbatim: version and timestamps
     * exactly as given, so a later mirrored {@link #update} agrees on the version in both stores.
     *
     * @param app the app as the source holds it
     * @return what happened
     * @throws AlreadyExistsException when a unique field collides with a different app
     */
    UpsertOutcome upsertIfNewer(App app);

    /**
     * {@link #upsertIfNewer} for many apps in one transaction; an app whose unique field collides
     * with a different app is rejected (and reported) without failing the others.
     *
     * @param apps the apps as the source holds them
     * @return one result per app, in order
     */
    default List<UpsertResult> upsertAllIfNewer(List<App> apps) {
        List<UpsertResult> results = new java.util.ArrayList<>(apps.size());
        for (App app : apps) {
            try {
                results.add(new UpsertResult(app.id(), upsertIfNewer(app), null));
            } catch (AlreadyExistsException collision) {
                results.add(new UpsertResult(app.id(), UpsertOutcome.REJECTED, collision.getMessage()));
            }
        }
        return results;
    }

    /**
     * Writes an app exactly as given (version and timestamps included), inserting or replacing it:
     * how a dual-write store mirrors a change and how a repair restores a record. An app that was
     * never stored (version 0) is stored with version 1.
     *
     * @param app the app
     * @throws AlreadyExistsException when a unique field collides with a different app
     */
    void putVerbatim(App app);

    /**
     * @param id the app id
     * @return whether an app was deleted
     */
    boolean delete(String id);

    /**
     * Keyset paging by id, for streaming every app (migration, verification).
     *
     * @param afterId return apps whose id sorts after this one; null to start at the beginning
     * @param limit the most apps to return
     * @return up to {@code limit} apps ordered by id
     */
    List<App> listAfter(String afterId, int limit);

    /**
     * Records the store holds but cannot turn into apps (legacy JSON: unknown status, bad numbers,
     * duplicate ids...). They are kept in the store untouched. Databases return none.
     *
     * @return the unreadable records, in file order
     */
    List<RecordProblem> problems();
}
