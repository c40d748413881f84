/**
 * An in-process SSH server that plays a Proxmox node for {@code pct exec}, for tests (the library's and
 * its users') and the standalone simulator. See {@link dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer}.
 *
 * <p>Containers come from a {@link dev.proximity.proxmox.simulator.ssh.GuestContainers} source: an
 * {@link dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers} set, or the REST simulator's own
 * containers through {@link dev.proximity.proxmox.simulator.ssh.SimulatorGuestContainers}. Scripts run
 * with the local {@code /bin/sh}, as the JVM's user, in a scratch directory per container.
 */
package dev.proximity.proxmox.simulator.ssh;
