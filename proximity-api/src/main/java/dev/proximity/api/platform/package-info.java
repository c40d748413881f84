/**
 * Outbound ports to the container platform (Proxmox VE): {@link dev.proximity.api.platform.ContainerPlatform}
 * for the REST API and {@link dev.proximity.api.platform.GuestExec} for commands inside a container,
 * with the node and container views they return.
 */
package dev.proximity.api.platform;
