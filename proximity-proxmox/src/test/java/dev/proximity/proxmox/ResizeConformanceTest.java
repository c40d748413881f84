package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Growing a container's root disk over HTTPS: a resize task; shrinking and the same size refused as PVE refuses them. */
class ResizeConformanceTest {

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private int vmid;

    @BeforeEach
    void start() {
        pve = Pve.fastSimulator().node("pve", 8, 4).start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
        vmid = Pve.create(platform, "pve", Pve.spec("growing"));
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    @Test
    void theRootDiskGrowsInATask() {
        platform.resizeDisk("pve", vmid, "rootfs", 12);

        assertThat(platform.config("pve", vmid).get("rootfs")).endsWith(",size=12G");
        assertThat(pve.calls("PUT", "/nodes/pve/lxc/" + vmid + "/resize")).singleElement()
                .satisfies(call -> assertThat(call.params()).containsEntry("disk", "rootfs").containsEntry("size", "12G"));
        assertThat(pve.calls("GET", "/nodes/pve/tasks/UPID:pve:[^/]*:resize:.*/status")).isNotEmpty();
    }

    @Test
    void shrinkingAndTheSameSizeAreRefused() {
        assertThatThrownBy(() -> platform.resizeDisk("pve", vmid, "rootfs", 4)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("unable to shrink disk size"));
        assertThatThrownBy(() -> platform.resizeDisk("pve", vmid, "rootfs", 8)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("disk is already at specified size"));
        assertThatThrownBy(() -> platform.resizeDisk("pve", vmid, "swap", 9)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(400));
        assertThat(platform.config("pve", vmid).get("rootfs")).endsWith(",size=8G");
    }
}
