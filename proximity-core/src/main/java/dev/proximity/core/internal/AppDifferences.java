package dev.proximity.core.internal;

import dev.proximity.api.app.App;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields in which two copies of an app differ, as a verify or a shadow read reports them. The
 * version is bookkeeping and not compared; environment values are not shown (they may be secrets).
 */
public final class AppDifferences {

    private AppDifferences() {
    }

    /**
     * @param one a copy
     * @param other another copy of the same app
     * @return {@code field: one vs other} for each field that differs; empty when they agree
     */
    public static List<String> between(App one, App other) {
        List<String> fields = new ArrayList<>();
        compare(fields, "id", one.id(), other.id());
        compare(fields, "catalogId", one.catalogId(), other.catalogId());
        compare(fields, "name", one.name(), other.name());
        compare(fields, "hostname", one.hostname(), other.hostname());
        compare(fields, "status", one.status(), other.status());
        compare(fields, "url", one.url(), other.url());
        compare(fields, "vmid", one.vmid(), other.vmid());
        compare(fields, "node", one.node(), other.node());
        compare(fields, "publicPort", one.publicPort(), other.publicPort());
        compare(fields, "internalPort", one.internalPort(), other.internalPort());
        compare(fields, "config", one.config(), other.config());
        compare(fields, "ports", one.ports(), other.ports());
        compare(fields, "volumes", one.volumes(), other.volumes());
        compare(fields, "environment", one.environment().keySet(), other.environment().keySet());
        if (one.environment().keySet().equals(other.environment().keySet()) && !one.environment().equals(other.environment())) {
            fields.add("environment values (not shown: they may be secrets)");
        }
        compare(fields, "ownerId", one.ownerId(), other.ownerId());
        compare(fields, "createdAt", one.createdAt(), other.createdAt());
        compare(fields, "updatedAt", one.updatedAt(), other.updatedAt());
        compare(fields, "stateChangedAt", one.stateChangedAt(), other.stateChangedAt());
        return fields;
    }

    /**
     * @param app an app
     * @return a hash of every field {@link #between} compares
     */
    public static int fingerprint(App app) {
        return Objects.hash(app.id(), app.catalogId(), app.name(), app.hostname(), app.status(), app.url(), app.vmid(), app.node(),
                app.publicPort(), app.internalPort(), app.config(), app.ports(), app.volumes(), app.environment(), app.ownerId(),
                app.createdAt(), app.updatedAt(), app.stateChangedAt());
    }

    private static void compare(List<String> fields, String field, Object one, Object other) {
        if (!Objects.equals(one, other)) {
            fields.add(field + ": " + one + " vs " + other);
        }
    }
}
