/**
 * Internal: port leasing behind {@link dev.proximity.api.port.PortManager}. Not API; reach it
 * through {@link dev.proximity.core.Proximity#ports()}.
 */
package dev.proximity.core.internal.port;
