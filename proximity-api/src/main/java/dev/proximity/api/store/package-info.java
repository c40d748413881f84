/**
 * The storage port. A {@link dev.proximity.api.store.ProximityStore} holds apps, port leases,
 * deployment logs and migration runs, and runs work in transactions through a
 * {@link dev.proximity.api.store.StoreSession}. Adapters are found by URL with {@link dev.proximity.api.store.Stores}.
 */
package dev.proximity.api.store;
