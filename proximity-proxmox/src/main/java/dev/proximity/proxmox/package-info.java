/**
 * The Proxmox VE adapter: {@link dev.proximity.proxmox.ProxmoxClient} speaks the REST API
 * ({@code /api2/json}) one call per method, and {@link dev.proximity.proxmox.ProxmoxContainerPlatform}
 * implements the {@link dev.proximity.api.platform.ContainerPlatform} port on top of it (waiting for
 * tasks, allocating vmids, tagging what it creates).
 *
 * <p>Configure it with {@link dev.proximity.proxmox.ProxmoxConfig}: an API token or a user and
 * password ({@link dev.proximity.proxmox.ProxmoxCredentials}), and a TLS choice
 * ({@link dev.proximity.proxmox.TlsTrust}) that verifies by default. Errors surface as
 * {@link dev.proximity.api.error.PlatformException} and its subtypes, carrying what Proxmox said.
 */
package dev.proximity.proxmox;
