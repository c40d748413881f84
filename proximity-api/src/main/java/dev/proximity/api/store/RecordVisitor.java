package dev.proximity.api.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.PortLease;

import java.util.List;

/**
 * Receives the records a {@link RecordSource} streams. Every method returns whether to go on.
 */
public interface RecordVisitor {

    /**
     * @param position the app's zero-based position in the source
     * @param checkpoint resume after this app by passing it to {@link RecordSource#stream}
     * @param app the app
     * @return whether to go on
     */
    default boolean app(long position, String checkpoint, App app) {
        return true;
    }

    /**
     * An app record the source holds but cannot read (kept there untouched).
     *
     * @param checkpoint resume after this record
     * @param problem what is wrong with it, with its position and id
     * @return whether to go on
     */
    default boolean unreadableApp(String checkpoint, RecordProblem problem) {
        return true;
    }

    /**
     * Called once every app was streamed, before the other records.
     *
     * @return whether to go on
     */
    default boolean appsDone() {
        return true;
    }

    /**
     * @param lease a port lease
     * @return whether to go on
     */
    default boolean lease(PortLease lease) {
        return true;
    }

    /**
     * @param appId an app id (the app may be gone)
     * @param entries its whole log, oldest first
     * @return whether to go on
     */
    default boolean log(String appId, List<DeploymentLogEntry> entries) {
        return true;
    }

    /**
     * @param run a migration run
     * @return whether to go on
     */
    default boolean run(MigrationRun run) {
        return true;
    }

    /**
     * @param resource a cluster inventory resource
     * @return whether to go on
     */
    default boolean resource(InventoryResource resource) {
        return true;
    }

    /**
     * @param snapshot an inventory state snapshot; they come in id (time) order
     * @return whether to go on
     */
    default boolean snapshot(StateChange snapshot) {
        return true;
    }

    /**
     * @param backup a backup record; they come in id order
     * @return whether to go on
     */
    default boolean backup(AppBackup backup) {
        return true;
    }

    /**
     * @param key a setting
     * @param value its value
     * @return whether to go on
     */
    default boolean setting(String key, String value) {
        return true;
    }
}
