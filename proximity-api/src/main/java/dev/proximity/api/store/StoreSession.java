package dev.proximity.api.store;

/**
 * The repositories of one transaction. Valid only inside the {@code read} or {@code write} call
 * that handed it out.
 */
public interface StoreSession {

    /** @return the apps */
    AppRepository apps();

    /** @return the port leases */
    PortLeaseRepository portLeases();

    /** @return the deployment logs */
    DeploymentLogRepository deploymentLogs();

    /** @return the migration runs */
    MigrationRunRepository migrationRuns();

    /** @return the shared settings */
    SettingsRepository settings();

    /** @return the cluster inventory */
    InventoryRepository inventory();

    /** @return the backups of apps' containers */
    BackupRepository backups();
}
