/**
 * The public API of Proximity: domain values, use cases and the ports adapters implement.
 *
 * <p>Sub-packages are grouped by what a user does: {@code app} (deploy and run apps),
 * {@code port} (public/internal port pairs), {@code catalog}, {@code migration}
 * (JSON to database), and the outbound ports {@code store} and {@code platform}.
 * This module depends on the JDK only.
 */
package dev.proximity.api;
