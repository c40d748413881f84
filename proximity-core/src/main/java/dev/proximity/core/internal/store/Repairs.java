package dev.proximity.core.internal.store;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.StoreSession;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The repair queue: entries recorded when one store missed a write, and their replay, which copies
 * each named record's current value from the store holding the truth (or its absence) into the other.
 */
final class Repairs {

    private final Clock clock;

    Repairs(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param session a session of the store that will hold the entry
     * @param entry the entry
     */
    void enqueue(StoreSession session, RepairEntry entry) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        session.settings().put(RepairEntry.KEY_PREFIX + clock.millis() + "-" + HexFormat.of().formatHex(random), entry.encode());
    }

    /**
     * @param session a session of a store
     * @return its queued entries, by key, oldest first
     */
    Map<String, RepairEntry> queued(StoreSession session) {
        Map<String, RepairEntry> entries = new java.util.TreeMap<>();
        session.settings().all().forEach((key, value) -> {
            if (key.startsWith(ControlKeys.REPAIR_PREFIX) || key.startsWith(ControlKeys.PENDING_PREFIX)) {
                entries.put(key, RepairEntry.decode(value));
            }
        });
        return entries;
    }

    /** The current values, in the store holding the truth, of everything an entry names. */
    record Truth(Map<String, Optional<App>> apps, Map<String, List<PortLease>> leasesByOwner,
                         Map<Integer, Optional<PortLease>> leasesByPort, Map<String, List<dev.proximity.api.app.DeploymentLogEntry>> logs,
                         Map<String, Optional<MigrationRun>> runs, Map<String, Optional<String>> settings,
                         Map<String, Optional<InventoryResource>> resources, Map<String, Optional<StateChange>> snapshots,
                 Map<String, Optional<AppBackup>> backups) {

        static Truth of(StoreSession session, RepairEntry entry) {
            Map<String, Optional<App>> apps = new java.util.LinkedHashMap<>();
            entry.apps().forEach(id -> apps.put(id, session.apps().get(id)));
            Map<String, List<PortLease>> byOwner = new java.util.LinkedHashMap<>();
            entry.leaseOwners().forEach(owner -> byOwner.put(owner, session.portLeases().findByOwner(owner)));
            Map<Integer, Optional<PortLease>> byPort = new java.util.LinkedHashMap<>();
            entry.leasePorts().forEach(port -> byPort.put(port, session.portLeases().find(port)));
            Map<String, List<dev.proximity.api.app.DeploymentLogEntry>> logs = new java.util.LinkedHashMap<>();
            entry.logs().forEach(id -> logs.put(id, session.deploymentLogs().forApp(id)));
            Map<String, Optional<MigrationRun>> runs = new java.util.LinkedHashMap<>();
            entry.runs().forEach(id -> runs.put(id, session.migrationRuns().find(id)));
            Map<String, Optional<String>> settings = new java.util.LinkedHashMap<>();
            entry.settings().forEach(key -> settings.put(key, session.settings().get(key)));
            Map<String, Optional<InventoryResource>> resources = new java.util.LinkedHashMap<>();
            entry.resources().forEach(id -> resources.put(id, session.inventory().find(id)));
            Map<String, Optional<StateChange>> snapshots = new java.util.LinkedHashMap<>();
            entry.snapshots().forEach(id -> snapshots.put(id, session.inventory().snapshot(id)));
            Map<String, Optional<AppBackup>> backups = new java.util.LinkedHashMap<>();
            entry.backups().forEach(id -> backups.put(id, session.backups().find(id)));
            return new Truth(apps, byOwner, byPort, logs, runs, settings, resources, snapshots, backups);
        }

        void apply(StoreSession session, RepairEntry entry) {
            // apps first deleted where gone, so a value another app now holds is free before it is copied
            apps.forEach((id, app) -> {
                if (app.isEmpty()) {
                    session.apps().delete(id);
                }
            });
            apps.values().forEach(app -> app.ifPresent(session.apps()::putVerbatim));
            leasesByOwner.forEach((owner, leases) -> {
                session.portLeases().release(owner);
                leases.forEach(session.portLeases()::save);
            });
            leasesByPort.forEach((port, lease) -> {
                Optional<PortLease> current = session.portLeases().find(port);
                if (lease.isEmpty() && current.isPresent()) {
                    session.portLeases().release(current.get().ownerId());
                    leasesByOwner.getOrDefault(current.get().ownerId(), List.of()).forEach(session.portLeases()::save);
                }
                lease.ifPresent(session.portLeases()::save);
            });
            logs.forEach((id, entries) -> session.deploymentLogs().replaceForApp(id, entries));
            runs.values().forEach(run -> run.ifPresent(session.migrationRuns()::save));
            settings.forEach((key, value) -> {
                if (value.isPresent()) {
                    session.settings().put(key, value.get());
                } else {
                    session.settings().remove(key);
                }
            });
            session.inventory().deleteAll(resources.entrySet().stream().filter(e -> e.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList());
            session.inventory().putAll(resources.values().stream().flatMap(Optional::stream).toList());
            // a snapshot gone from the truth was pruned there; the secondary's copy is left to its own pruning
            session.inventory().appendAll(snapshots.values().stream().flatMap(Optional::stream).toList());
            backups.forEach((id, backup) -> {
                if (backup.isPresent()) {
                    session.backups().put(backup.get());
                } else {
                    session.backups().delete(id);
                }
            });
        }
    }
}
