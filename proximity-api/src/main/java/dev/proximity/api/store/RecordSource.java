package dev.proximity.api.store;

import dev.proximity.api.app.App;

/**
 * Every record of a store, handed out one at a time in a stable order without loading them all:
 * what a migration reads. Apps come first, each with a checkpoint from which a later stream can
 * resume; then port leases, deployment logs (per app), migration runs and settings.
 *
 * <p>{@link Stores#openSource} opens one by URL. A JSON file is parsed as it is read, so a million
 * apps cost no more memory than one; a database is paged through by id.
 */
public interface RecordSource extends AutoCloseable {

    /**
     * Streams the records. The visitor may stop the stream by returning false.
     *
     * @param afterCheckpoint resume after the app that carried this checkpoint; null to start at the beginning
     *                        (port leases, logs, runs and settings are always streamed whole)
     * @param visitor receives each record
     * @throws dev.proximity.api.error.StoreFormatException when the source is not readable at all
     */
    void stream(String afterCheckpoint, RecordVisitor visitor);

    /**
     * Streams what makes each app unique, its id, hostname and vmid, for every app record (readable
     * or not) in stream order: what a migration's first pass needs to find records that claim the
     * same value. For an app that {@link #stream} reads, the values are exactly the app's; a source
     * may skip decoding the rest. The default streams the apps whole.
     *
     * @param visitor receives each app record's claims
     * @throws dev.proximity.api.error.StoreFormatException when the source is not readable at all
     */
    default void streamClaims(ClaimVisitor visitor) {
        stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, App app) {
                return visitor.app(position, app.id(), app.hostname(), app.vmid());
            }

            @Override
            public boolean unreadableApp(String checkpoint, RecordProblem problem) {
                return visitor.app(problem.position(), problem.id(), null, null);
            }

            @Override
            public boolean appsDone() {
                return false;
            }
        });
    }

    /** @return what this source is and where, without secrets */
    StoreDescriptor descriptor();

    /** Releases files and connections. */
    @Override
    void close();

    /**
     * Pages through an open store, one read transaction per page; the store stays open afterwards.
     *
     * @param store the store to read
     * @return its records
     */
    static RecordSource of(ProximityStore store) {
        return new StoreRecordSource(store, false);
    }
}
