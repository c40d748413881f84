/**
 * Moving state from the JSON file into a database without downtime: phases, backfill runs,
 * verification, and the {@link dev.proximity.api.migration.MigrationService} use cases.
 */
package dev.proximity.api.migration;
