package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.SimulatedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving a container between nodes over HTTPS, with PVE's restart semantics and refusals. */
class MigrateConformanceTest {

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private int vmid;

    @BeforeEach
    void start() {
        pve = Pve.fastSimulator().node("pve1", 8, 4).node("pve2", 8, 4)
                .node(new SimulatedNode("pve3", 8L << 30, 4, "offline")).start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
        vmid = Pve.create(platform, "pve1", Pve.spec("mover"));
        platform.start("pve1", vmid);
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    @Test
    void aRunningContainerMovesInRestartModeAndRunsOnTheTarget() {
        platform.migrate("pve1", vmid, "pve2", true);

        assertThat(platform.status("pve2", vmid).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThat(platform.status("pve1", vmid)).isEmpty();
        assertThat(pve.calls("POST", "/nodes/pve1/lxc/" + vmid + "/migrate")).singleElement()
                .satisfies(call -> assertThat(call.params()).containsEntry("target", "pve2").containsEntry("restart", "1"));
    }

    @Test
    void refusalsAndAbortsAreThoseOfProxmox() {
        assertThatThrownBy(() -> platform.migrate("pve1", vmid, "pve2", false)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("can't migrate running container without --online or --restart"));
        assertThatThrownBy(() -> platform.migrate("pve1", vmid, "pve1", true)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.fieldErrors()).containsEntry("target", "target is local node."));
        assertThatThrownBy(() -> platform.migrate("pve1", vmid, "pve9", true)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("no such cluster node 'pve9'"));

        assertThatThrownBy(() -> platform.migrate("pve1", vmid, "pve3", true)).isInstanceOf(PlatformTaskException.class);
        assertThat(platform.status("pve1", vmid).orElseThrow().state()).as("started again on the source").isEqualTo(ContainerState.RUNNING);

        platform.stop("pve1", vmid);
        platform.updateConfig("pve1", vmid, Map.of("mp0", "/srv/data,mp=/data"));
        assertThatThrownBy(() -> platform.migrate("pve1", vmid, "pve2", true)).isInstanceOfSatisfying(PlatformTaskException.class,
                e -> assertThat(e.exitStatus()).isEqualTo("cannot migrate local bind mount point 'mp0'"));
        assertThat(platform.status("pve1", vmid)).isPresent();
    }
}
