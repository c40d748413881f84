package dev.proximity.samples.bench;

import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.Page;

import java.util.Optional;

/**
 * The two reads issue 3 measures, implemented once per contender: a store opened through the API,
 * or the naive parse-the-whole-file baseline.
 *
 * @param <T> what one app is to this contender
 */
interface AppReads<T> extends AutoCloseable {

    /** @param id an app id @return the app, if present */
    Optional<T> get(String id);

    /** @param query filters, sort and page @return the page */
    Page<T> find(AppQuery query);

    /** @param app an app this contender returned @return its id, to compare answers between contenders */
    String idOf(T app);

    /** Releases files and connections. */
    @Override
    void close();
}
