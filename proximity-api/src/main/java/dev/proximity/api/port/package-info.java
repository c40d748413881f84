/**
 * Port pairs: each app holds one public and one internal port, leased atomically through
 * {@link dev.proximity.api.port.PortManager}.
 */
package dev.proximity.api.port;
