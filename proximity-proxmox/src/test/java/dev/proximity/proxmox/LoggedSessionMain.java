package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import dev.proximity.proxmox.simulator.ssh.SimulatorGuestContainers;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;

import java.time.Duration;
import java.util.Map;

/**
 * Child-JVM program for {@link SecretsNeverLoggedTest}: every code path that handles a secret
 * (token calls, ticket login, renewal, re-login after expiry, a refused login, an SSH password
 * login and command), with every logger at TRACE.
 */
public final class LoggedSessionMain {

    /** The SSH password of the simulated node. */
    static final String SSH_PASSWORD = "ssh-pa55-7c1e";
    /** A wrong password, tried once. */
    static final String WRONG_PASSWORD = "wr0ng-pa55-d2a9";

    private LoggedSessionMain() {
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "trace");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        try (ProxmoxSimulator pve = Pve.fastSimulator().ticketLifetime(Duration.ofMillis(600)).start();
             ProxmoxContainerPlatform byToken = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
             ProxmoxContainerPlatform byTicket = ProxmoxContainerPlatform.connect(Pve.ticketConfig(pve)
                     .ticketRenewAfter(Duration.ofMillis(200)).build());
             SimulatedNodeSshServer node = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve))
                     .password("root", Secret.of(SSH_PASSWORD)).start();
             PctExecGuestExec guest = PctExecGuestExec.builder(SshCredentials.password("root", Secret.of(SSH_PASSWORD)))
                     .hostKeys(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint()))
                     .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(node.host(), node.port()))))
                     .build()) {
            int vmid = Pve.create(byToken, "pve", Pve.spec("logged-1"));
            byTicket.start("pve", vmid);
            Thread.sleep(300);
            byTicket.nodes();                 // renewal: the old ticket is posted as the password
            Thread.sleep(700);
            byTicket.status("pve", vmid);     // expired: one transparent re-login
            System.out.println("exec: " + guest.run("pve", vmid, "echo hello", Duration.ofSeconds(30)).stdout().strip());
            try (ProxmoxContainerPlatform wrong = ProxmoxContainerPlatform.connect(Pve.config(pve)
                    .credentials(ProxmoxCredentials.userPassword(Pve.USER, Secret.of(WRONG_PASSWORD))).build())) {
                wrong.nodes();
            } catch (PlatformException refused) {
                System.out.println("refused: " + refused.getMessage());
            }
            System.out.println("done");
        }
    }
}
