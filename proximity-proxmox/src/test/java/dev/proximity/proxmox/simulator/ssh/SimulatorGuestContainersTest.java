package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.ssh.GuestContainerUnavailableException;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One simulated cluster end to end: containers created and started through the REST API are the
 * ones {@code pct exec} over SSH can reach, and only while they run.
 */
class SimulatorGuestContainersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String TOKEN_ID = "root@pam!ssh-test";
    private static final Secret TOKEN_SECRET = Secret.of("tok-ssh-2f7a");
    private static final Secret ROOT_PASSWORD = Secret.of("node-root-pw");

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private SimulatedNodeSshServer node;
    private PctExecGuestExec exec;

    @BeforeEach
    void startCluster() throws Exception {
        pve = ProxmoxSimulator.builder()
                .apiToken(TOKEN_ID, TOKEN_SECRET.value())
                .taskDuration(Duration.ofMillis(20))
                .authFailureDelay(Duration.ZERO)
                .start();
        platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, TOKEN_SECRET))
                .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                .build());
        node = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve))
                .password("root", ROOT_PASSWORD)
                .start();
        exec = PctExecGuestExec.builder(SshCredentials.password("root", ROOT_PASSWORD))
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(node.host(), node.port()))))
                .hostKeys(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint()))
                .build();
    }

    @AfterEach
    void stopCluster() {
        exec.close();
        node.close();
        platform.close();
        pve.close();
    }

    @Test
    void containerCreatedThroughTheApiRunsCommandsOnceStarted() {
        int vmid = 101;
        platform.createContainer("pve", spec("web-1").withVmid(vmid));

        assertThatThrownBy(() -> exec.run("pve", vmid, "true", TIMEOUT))
                .isInstanceOfSatisfying(GuestContainerUnavailableException.class,
                        e -> assertThat(e.refusal()).isEqualTo(GuestContainerUnavailableException.Refusal.NOT_RUNNING));

        platform.start("pve", vmid);

        assertThat(exec.run("pve", vmid, "echo inside $((6*7))", TIMEOUT).stdout()).isEqualTo("inside 42\n");
    }

    @Test
    void deletedContainerIsGoneForPctToo() {
        int vmid = 102;
        platform.createContainer("pve", spec("web-2").withVmid(vmid));
        platform.delete("pve", vmid, true, true);

        assertThatThrownBy(() -> exec.run("pve", vmid, "true", TIMEOUT))
                .isInstanceOfSatisfying(GuestContainerUnavailableException.class,
                        e -> assertThat(e.refusal()).isEqualTo(GuestContainerUnavailableException.Refusal.NOT_ON_NODE));
    }

    private static ContainerSpec spec(String hostname) {
        return new ContainerSpec(100, hostname, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", 1, 512, 512,
                "local-lvm:8", "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, Secret.of("root-pw-123"),
                null, false, "ssh test", List.of());
    }
}
