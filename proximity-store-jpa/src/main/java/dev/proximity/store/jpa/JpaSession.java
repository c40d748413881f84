package dev.proximity.store.jpa;

import dev.proximity.api.store.AppRepository;
import dev.proximity.api.store.DeploymentLogRepository;
import dev.proximity.api.store.MigrationRunRepository;
import dev.proximity.api.store.PortLeaseRepository;
import dev.proximity.api.store.StoreSession;

/** The repositories of one JPA transaction, all on the same connection. */
final class JpaSession implements StoreSession {

    private final AppRepository apps;
    private final PortLeaseRepository portLeases;
    private final DeploymentLogRepository deploymentLogs;
    private final MigrationRunRepository migrationRuns;

    JpaSession(SessionContext context, AppRows appRows, MigrationRunDocuments runDocuments) {
        this.apps = new JpaAppRepository(context, appRows);
        this.portLeases = new JpaPortLeaseRepository(context);
        this.deploymentLogs = new JpaDeploymentLogRepository(context);
        this.migrationRuns = new JpaMigrationRunRepository(context, runDocuments);
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
