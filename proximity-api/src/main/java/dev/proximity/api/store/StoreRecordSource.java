package dev.proximity.api.store;

import dev.proximity.api.app.App;
import dev.proximity.api.port.PortLease;

import java.util.List;
import java.util.Map;

/**
 * A {@link RecordSource} over any {@link ProximityStore}, paging through it in key order (apps by
 * id, leases by port, logs by app id), one read transaction per page. The checkpoint is the id of
 * the last app handed out. For store adapters that have no faster way.
 */
public final class StoreRecordSource implements RecordSource {

    private static final int PAGE = 1000;

    private final ProximityStore store;
    private final boolean owned;

    /**
     * @param store the store to read
     * @param owned whether {@link #close()} closes the store
     */
    StoreRecordSource(ProximityStore store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    @Override
    public void stream(String afterCheckpoint, RecordVisitor visitor) {
        if (!apps(afterCheckpoint, visitor) || !visitor.appsDone()) {
            return;
        }
        int afterPort = 0;
        while (true) {
            int from = afterPort;
            List<PortLease> leases = store.read(session -> session.portLeases().listAfter(from, PAGE));
            for (PortLease lease : leases) {
                if (!visitor.lease(lease)) {
                    return;
                }
            }
            if (leases.size() < PAGE) {
                break;
            }
            afterPort = leases.get(leases.size() - 1).port();
        }
        String afterApp = null;
        while (true) {
            String from = afterApp;
            List<String> appIds = store.read(session -> session.deploymentLogs().appIdsAfter(from, PAGE));
            for (String appId : appIds) {
                if (!visitor.log(appId, store.read(session -> session.deploymentLogs().forApp(appId)))) {
                    return;
                }
            }
            if (appIds.size() < PAGE) {
                break;
            }
            afterApp = appIds.get(appIds.size() - 1);
        }
        for (var run : store.read(session -> session.migrationRuns().list())) {
            if (!visitor.run(run)) {
                return;
            }
        }
        for (var resource : store.read(session -> session.inventory().all())) {
            if (!visitor.resource(resource)) {
                return;
            }
        }
        String afterSnapshot = null;
        while (true) {
            String from = afterSnapshot;
            var snapshots = store.read(session -> session.inventory().snapshotsAfter(from, PAGE));
            for (var snapshot : snapshots) {
                if (!visitor.snapshot(snapshot)) {
                    return;
                }
            }
            if (snapshots.size() < PAGE) {
                break;
            }
            afterSnapshot = snapshots.get(snapshots.size() - 1).id();
        }
        String afterBackup = null;
        while (true) {
            String from = afterBackup;
            var backups = store.read(session -> session.backups().after(from, PAGE));
            for (var backup : backups) {
                if (!visitor.backup(backup)) {
                    return;
                }
            }
            if (backups.size() < PAGE) {
                break;
            }
            afterBackup = backups.get(backups.size() - 1).id();
        }
        for (Map.Entry<String, String> setting : store.read(session -> session.settings().all()).entrySet()) {
            if (!visitor.setting(setting.getKey(), setting.getValue())) {
                return;
            }
        }
    }

    private boolean apps(String afterCheckpoint, RecordVisitor visitor) {
        String after = afterCheckpoint;
        long position = 0;
        while (true) {
            String from = after;
            List<App> page = store.read(session -> session.apps().listAfter(from, PAGE));
            for (App app : page) {
                if (!visitor.app(position++, app.id(), app)) {
                    return false;
                }
            }
            if (page.size() < PAGE) {
                return true;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    @Override
    public StoreDescriptor descriptor() {
        return store.descriptor();
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
