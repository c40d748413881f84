package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.PortLease;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the store file holds, parsed and indexed. A published state is never changed: a
 * write transaction works on a {@link #copy()} and, on commit, the copy becomes the new state.
 * Every element (apps, leases, log lists, runs, JSON nodes) is immutable, so a copy only copies
 * collections.
 */
final class StoreState {

    final AppTable apps;
    final TreeMap<Integer, PortLease> leases;
    /** App id to its log; each list is immutable and replaced on append. */
    final Map<String, List<DeploymentLogEntry>> logs;
    final Map<String, MigrationRun> runs;
    /** Shared settings, ordered by key. */
    final TreeMap<String, String> settings;
    /** The cluster inventory, by resource id. */
    final TreeMap<String, InventoryResource> inventory;
    /** State snapshots, by id (which orders them by time). */
    final TreeMap<String, StateChange> history;
    /** Backups, by id. */
    final TreeMap<String, AppBackup> backups;
    /** Top-level keys this library does not know, written back as they were. */
    final Map<String, JsonNode> unknownKeys;

    StoreState(AppTable apps, TreeMap<Integer, PortLease> leases, Map<String, List<DeploymentLogEntry>> logs,
               Map<String, MigrationRun> runs, TreeMap<String, String> settings, TreeMap<String, InventoryResource> inventory,
               TreeMap<String, StateChange> history, TreeMap<String, AppBackup> backups,
               Map<String, JsonNode> unknownKeys) {
        this.apps = apps;
        this.leases = leases;
        this.logs = logs;
        this.runs = runs;
        this.settings = settings;
        this.inventory = inventory;
        this.history = history;
        this.backups = backups;
        this.unknownKeys = unknownKeys;
    }

    /** @return the state of a store file that does not exist yet */
    static StoreState empty() {
        return new StoreState(AppTable.empty(), new TreeMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new LinkedHashMap<>());
    }

    /** @return an independent working copy */
    StoreState copy() {
        return new StoreState(apps.copy(), new TreeMap<>(leases), new LinkedHashMap<>(logs), new LinkedHashMap<>(runs),
                new TreeMap<>(settings), new TreeMap<>(inventory), new TreeMap<>(history), new TreeMap<>(backups),
                new LinkedHashMap<>(unknownKeys));
    }
}
