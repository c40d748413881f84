package dev.proximity.core.internal.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.RecordVisitor;
import dev.proximity.core.internal.AppDifferences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two stores record by record: apps (every field but the version, which is bookkeeping),
 * port leases and deployment logs. Representation is not compared: times are kept to the
 * millisecond by every store and documents compare as maps, whatever their key order. Apps of the
 * second store are held as hashes while the first streams, so memory grows by a few dozen bytes per app.
 */
public final class Verifier {

    private final RecordSource first;
    private final RecordSource second;
    private final String assignedOwner;

    /**
     * @param first the source of a migration
     * @param second its target
     * @param assignedOwner the default owner a migration gave to the source's apps that had none
     *                      (not a difference), or null
     */
    public Verifier(RecordSource first, RecordSource second, String assignedOwner) {
        this.first = first;
        this.second = second;
        this.assignedOwner = assignedOwner;
    }

    public VerifyReport verify() {
        Map<String, Integer> secondApps = new HashMap<>();
        Map<Integer, PortLease> secondLeases = new LinkedHashMap<>();
        Map<String, Integer> secondLogs = new HashMap<>();
        Map<String, InventoryResource> secondResources = new HashMap<>();
        Map<String, StateChange> secondSnapshots = new HashMap<>();
        Map<String, AppBackup> secondBackups = new HashMap<>();
        second.stream(null, new RecordVisitor() {
            @Override
            public boolean resource(InventoryResource resource) {
                secondResources.put(resource.id(), resource);
                return true;
            }

            @Override
            public boolean snapshot(StateChange snapshot) {
                secondSnapshots.put(snapshot.id(), snapshot);
                return true;
            }

            @Override
            public boolean backup(AppBackup backup) {
                secondBackups.put(backup.id(), backup);
                return true;
            }

            @Override
            public boolean app(long position, String checkpoint, App app) {
                secondApps.put(app.id(), fingerprint(app));
                return true;
            }

            @Override
            public boolean lease(PortLease lease) {
                secondLeases.put(lease.port(), lease);
                return true;
            }

            @Override
            public boolean log(String appId, List<DeploymentLogEntry> entries) {
                secondLogs.put(appId, entries.hashCode());
                return true;
            }
        });
        List<String> missingInSecond = new ArrayList<>();
        List<VerifyReport.Difference> different = new ArrayList<>();
        Map<String, App> toExplain = new LinkedHashMap<>();
        long[] compared = {0};
        first.stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, App read) {
                compared[0]++;
                App app = asMigrated(read);
                Integer other = secondApps.remove(app.id());
                if (other == null) {
                    missingInSecond.add("app " + app.id());
                } else if (other != fingerprint(app)) {
                    toExplain.put(app.id(), app);
                }
                return true;
            }

            @Override
            public boolean unreadableApp(String checkpoint, RecordProblem problem) {
                compared[0]++;
                missingInSecond.add("app " + problem.id() + " at position " + problem.position() + " (unreadable: "
                        + problem.reason() + ")");
                if (problem.id() != null) {
                    secondApps.remove(problem.id());
                }
                return true;
            }

            @Override
            public boolean lease(PortLease lease) {
                compared[0]++;
                PortLease other = secondLeases.remove(lease.port());
                if (other == null) {
                    missingInSecond.add("lease of port " + lease.port());
                } else if (!other.equals(lease)) {
                    different.add(new VerifyReport.Difference("lease of port " + lease.port(),
                            List.of("owner, state or times: " + lease + " vs " + other)));
                }
                return true;
            }

            @Override
            public boolean resource(InventoryResource resource) {
                compared[0]++;
                InventoryResource other = secondResources.remove(resource.id());
                if (other == null) {
                    missingInSecond.add("inventory " + resource.id());
                } else if (!other.equals(resource)) {
                    different.add(new VerifyReport.Difference("inventory " + resource.id(),
                            List.of("state, digest or times: changed at " + resource.changedAt() + " vs " + other.changedAt())));
                }
                return true;
            }

            @Override
            public boolean snapshot(StateChange snapshot) {
                compared[0]++;
                StateChange other = secondSnapshots.remove(snapshot.id());
                if (other == null) {
                    missingInSecond.add("inventory snapshot " + snapshot.id());
                } else if (!other.equals(snapshot)) {
                    different.add(new VerifyReport.Difference("inventory snapshot " + snapshot.id(), List.of("its recorded state")));
                }
                return true;
            }

            @Override
            public boolean backup(AppBackup backup) {
                compared[0]++;
                AppBackup other = secondBackups.remove(backup.id());
                if (other == null) {
                    missingInSecond.add("backup " + backup.id());
                } else if (!other.equals(backup)) {
                    different.add(new VerifyReport.Difference("backup " + backup.id(), List.of("status, archive or times: "
                            + backup.status().wireName() + " " + backup.volume() + " vs " + other.status().wireName() + " "
                            + other.volume())));
                }
                return true;
            }

            @Override
            public boolean log(String appId, List<DeploymentLogEntry> entries) {
                compared[0]++;
                Integer other = secondLogs.remove(appId);
                if (other == null) {
                    missingInSecond.add("log of " + appId);
                } else if (other != entries.hashCode()) {
                    different.add(new VerifyReport.Difference("log of " + appId, List.of(entries.size() + " entries differ")));
                }
                return true;
            }
        });
        if (!toExplain.isEmpty()) {
            Map<String, App> seconds = new HashMap<>();
            second.stream(null, new RecordVisitor() {
                @Override
                public boolean app(long position, String checkpoint, App app) {
                    if (toExplain.containsKey(app.id())) {
                        seconds.put(app.id(), app);
                    }
                    return true;
                }

                @Override
                public boolean appsDone() {
                    return false;
                }
            });
            toExplain.forEach((id, app) -> different.add(new VerifyReport.Difference("app " + id, fieldsThatDiffer(app, seconds.get(id)))));
        }
        List<String> missingInFirst = new ArrayList<>();
        secondApps.keySet().stream().sorted().forEach(id -> missingInFirst.add("app " + id));
        secondLeases.keySet().forEach(port -> missingInFirst.add("lease of port " + port));
        secondLogs.keySet().stream().sorted().forEach(id -> missingInFirst.add("log of " + id));
        secondResources.keySet().stream().sorted().forEach(id -> missingInFirst.add("inventory " + id));
        secondSnapshots.keySet().stream().sorted().forEach(id -> missingInFirst.add("inventory snapshot " + id));
        secondBackups.keySet().stream().sorted().forEach(id -> missingInFirst.add("backup " + id));
        return new VerifyReport(compared[0], missingInSecond, missingInFirst, different);
    }

    private App asMigrated(App app) {
        return assignedOwner == null || app.ownerId() != null ? app : app.toBuilder().ownerId(assignedOwner).build();
    }

    private static int fingerprint(App app) {
        return AppDifferences.fingerprint(app);
    }

    private static List<String> fieldsThatDiffer(App one, App other) {
        return other == null ? List.of("changed while it was compared") : AppDifferences.between(one, other);
    }
}
