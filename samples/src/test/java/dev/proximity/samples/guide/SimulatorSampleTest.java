package dev.proximity.samples.guide;

import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Proxmox simulator in your own JUnit 5 tests: a real HTTPS server on loopback that keeps state
 * and answers as Proxmox VE does, with faults injected per call. Copy this class to start.
 */
class SimulatorSampleTest {

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;

    @BeforeEach
    void start() {
        pve = ProxmoxSimulator.builder().node("pve", 64, 16).apiToken("root@pam!test", "s3cret")
                .taskDuration(Duration.ofMillis(50)).start();
        platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                .credentials(ProxmoxCredentials.apiToken("root@pam!test", Secret.of("s3cret")))
                .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                .build());
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    @Test
    void aContainerIsCreatedAndStarted() {
        int vmid = platform.nextFreeVmid();
        platform.createContainer("pve", spec(vmid));
        platform.start("pve", vmid);

        assertThat(pve.containers()).singleElement().satisfies(ct -> assertThat(ct.vmid()).isEqualTo(vmid));
    }

    @Test
    void aFailedTaskIsATypedErrorWithProxmoxsMessage() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").failTask("unable to create CT - out of space"));
        int vmid = platform.nextFreeVmid();

        assertThatThrownBy(() -> platform.createContainer("pve", spec(vmid)))
                .isInstanceOf(PlatformTaskException.class).hasMessageContaining("out of space");
    }

    private static ContainerSpec spec(int vmid) {
        return new ContainerSpec(vmid, "web", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", 1, 512, 0, "local-lvm:8",
                "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, null, null, false, "a sample", List.of("sample"));
    }
}
