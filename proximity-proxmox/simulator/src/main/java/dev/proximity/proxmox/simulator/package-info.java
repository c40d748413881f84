/**
 * A Proxmox VE API simulator for tests and demos: {@link dev.proximity.proxmox.simulator.ProxmoxSimulator}
 * serves {@code /api2/json} over real HTTPS with state (nodes, containers, tasks), both authentication
 * modes and Proxmox's error shapes, and lets a test inject {@link dev.proximity.proxmox.simulator.Fault}s.
 * <pre>{@code
 * try (ProxmoxSimulator pve = ProxmoxSimulator.builder()
 *         .node("pve1", 32, 8).node("pve2", 64, 16)
 *         .apiToken("root@pam!ci", "secret")
 *         .taskDuration(Duration.ofMillis(50))
 *         .authFailureDelay(Duration.ZERO)
 *         .start()) {
 *     ProxmoxConfig config = ProxmoxConfig.builder(pve.url())
 *             .credentials(ProxmoxCredentials.apiToken("root@pam!ci", Secret.of("secret")))
 *             .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
 *             .build();
 *     pve.inject(Fault.on("GET", "/nodes").times(2).respond(595, "Errors during connection establishment"));
 *     // ... drive the code under test, then inspect pve.container(vmid) and pve.calls()
 * }
 * }</pre>
 */
package dev.proximity.proxmox.simulator;
