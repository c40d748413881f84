/**
 * Guest exec for Proxmox VE: commands inside LXC containers through {@code pct exec} over SSH on the
 * node that holds the container (the REST API has no exec call).
 *
 * <pre>{@code
 * try (PctExecGuestExec exec = PctExecGuestExec.builder(
 *             SshCredentials.privateKey("root", Path.of("/etc/proximity/id_ed25519")))
 *         .hostKeys(HostKeyPolicy.knownHosts(Path.of("/etc/proximity/known_hosts")))
 *         .nodeAddresses(NodeAddressResolver.of(Map.of("pve1", new NodeAddress("10.0.0.11", 22)))
 *                 .orElse(NodeAddressResolver.nodeNameAsHost()))
 *         .build()) {
 *     ExecResult result = exec.run("pve1", 101, "docker compose up -d", Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>The command travels as one single-quoted word ({@link dev.proximity.proxmox.ssh.ShellQuoting}):
 * the node's login shell only removes the quotes, and the container's {@code sh -c} is the one shell
 * that interprets it. Host keys are always verified ({@link dev.proximity.proxmox.ssh.HostKeyPolicy});
 * there is no accept-anything default.
 */
package dev.proximity.proxmox.ssh;
