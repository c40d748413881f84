/** Port leasing on top of the store port. */
package dev.proximity.core.port;
