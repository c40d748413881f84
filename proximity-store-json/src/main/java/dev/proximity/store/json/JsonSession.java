package dev.proximity.store.json;

import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.DeploymentLogRepository;
import dev.proximity.api.store.MigrationRunRepository;
import dev.proximity.api.store.PortLeaseRepository;
import dev.proximity.api.store.StoreSession;

/** The repositories of one transaction, all working on the same state. */
final class JsonSession implements StoreSession {

    private final AppRepository apps;
    private final PortLeaseRepository portLeases;
    private final DeploymentLogRepository deploymentLogs;
    private final MigrationRunRepository migrationRuns;

    /**
     * @param state the snapshot (read) or working copy (write)
     * @param guard the session rules
     * @param codec encodes apps as they will be written
     * @param source the file, for problem reports
     */
    JsonSession(StoreState state, SessionGuard guard, AppCodec codec, String source) {
        this.apps = new JsonAppRepository(state.apps, guard, codec, source);
        this.portLeases = new JsonPortLeaseRepository(state.leases, guard);
        this.deploymentLogs = new JsonDeploymentLogRepository(state.logs, guard);
        this.migrationRuns = new JsonMigrationRunRepository(state.runs, guard);
    }

    @Override
    public AppRepository apps() {
        return apps;
    }

    @Override
    public PortLeaseRepository portLeases() {
        return portLeases;
    }

    @Override
    public DeploymentLogRepository deploymentLogs() {
        return deploymentLogs;
    }

    @Override
    public MigrationRunRepository migrationRuns() {
        return migrationRuns;
    }
}
