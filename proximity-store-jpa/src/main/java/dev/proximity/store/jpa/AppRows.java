package dev.proximity.store.jpa;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;

import java.util.Locale;

/**
 * Converts between {@link App} and its row. The row also carries the search column: name,
 * hostname and id lower-cased with Java's full Unicode rules, so text search behaves the same on
 * SQLite (whose {@code lower()} knows only ASCII), PostgreSQL and the JSON store.
 */
final class AppRows {

    private final JsonDocuments json;

    AppRows(JsonDocuments json) {
        this.json = json;
    }

    /**
     * @param app the app
     * @param version the version the row should carry
     * @return a new row holding the app
     */
    AppEntity toRow(App app, long version) {
        String what = "app '" + app.id() + "'";
        AppEntity row = new AppEntity();
        row.id = app.id();
        row.catalogId = app.catalogId();
        row.name = app.name();
        row.hostname = app.hostname();
        row.status = app.status().wireName();
        row.url = app.url();
        row.vmid = app.vmid();
        row.node = app.node();
        row.publicPort = app.publicPort();
        row.internalPort = app.internalPort();
        row.configJson = json.write(app.config(), "config of " + what);
        row.portsJson = json.write(app.ports(), "ports of " + what);
        row.volumesJson = json.write(app.volumes(), "volumes of " + what);
        row.environmentJson = json.write(app.environment(), "environment of " + what);
        row.ownerId = app.ownerId();
        row.createdAtMs = Instants.toMillis(app.createdAt());
        row.updatedAtMs = Instants.toMillis(app.updatedAt());
        row.stateChangedAtMs = Instants.toMillis(app.stateChangedAt());
        row.searchText = searchText(app);
        row.version = version;
        return row;
    }

    /**
     * @param row a stored row
     * @return the app it holds
     */
    App toApp(AppEntity row) {
        String what = "app '" + row.id + "'";
        return App.builder()
                .id(row.id)
                .catalogId(row.catalogId)
                .name(row.name)
                .hostname(row.hostname)
                .status(AppStatus.fromWireName(row.status))
                .url(row.url)
                .vmid(row.vmid)
                .node(row.node)
                .publicPort(row.publicPort)
                .internalPort(row.internalPort)
                .config(json.config(row.configJson, "config of " + what))
                .ports(json.ports(row.portsJson, "ports of " + what))
                .volumes(json.volumes(row.volumesJson, "volumes of " + what))
                .environment(json.environment(row.environmentJson, "environment of " + what))
                .ownerId(row.ownerId)
                .createdAt(Instants.fromMillis(row.createdAtMs))
                .updatedAt(Instants.fromMillis(row.updatedAtMs))
                .stateChangedAt(Instants.fromMillis(row.stateChangedAtMs))
                .version(row.version)
                .build();
    }

    /**
     * @param text search text as a user typed it
     * @return the text folded the way the search column is
     */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String searchText(App app) {
        // newline-separated so a query never matches across two fields
        return fold(app.name()) + "\n" + app.hostname() + "\n" + fold(app.id());
    }
}
