package dev.proximity.api.store;

import dev.proximity.api.Validation;

/**
 * The plain {@link StoreSession}: seven repositories of one transaction. Adapters build one per
 * {@code read} or {@code write} call.
 *
 * @param apps the apps
 * @param portLeases the port leases
 * @param deploymentLogs the deployment logs
 * @param migrationRuns the migration runs
 * @param settings the shared settings
 * @param inventory the cluster inventory
 * @param backups the backups
 */
public record Repositories(AppRepository apps, PortLeaseRepository portLeases, DeploymentLogRepository deploymentLogs,
                           MigrationRunRepository migrationRuns, SettingsRepository settings,
                           InventoryRepository inventory, BackupRepository backups)
        implements StoreSession {

    /** Requires every repository. */
    public Repositories {
        Validation.required(apps, "apps");
        Validation.required(portLeases, "portLeases");
        Validation.required(deploymentLogs, "deploymentLogs");
        Validation.required(migrationRuns, "migrationRuns");
        Validation.required(settings, "settings");
        Validation.required(inventory, "inventory");
        Validation.required(backups, "backups");
    }
}
