package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.SimulatedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes with capacity and status, as {@code GET /nodes} reports them. */
class NodesConformanceTest {

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;

    @BeforeEach
    void start() {
        pve = Pve.fastSimulator()
                .node("pve1", 8, 4)
                .node("pve2", 6, 8)
                .node(new SimulatedNode("pve3", 64L << 30, 32, "offline"))
                .start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    @Test
    void nodesReportCapacityStatusAndFingerprint() {
        assertThat(platform.nodes()).extracting(NodeInfo::name, NodeInfo::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pve1", NodeStatus.ONLINE),
                org.assertj.core.groups.Tuple.tuple("pve2", NodeStatus.ONLINE),
                org.assertj.core.groups.Tuple.tuple("pve3", NodeStatus.OFFLINE));
        NodeInfo pve1 = platform.nodes().get(0);
        assertThat(pve1.memTotal()).isEqualTo(8L << 30);
        assertThat(pve1.maxCpu()).isEqualTo(4);
        assertThat(pve1.sslFingerprint()).isEqualTo(pve.fingerprint());
        // offline nodes report no load figures
        assertThat(platform.nodes().get(2).memTotal()).isZero();
    }

    @Test
    void memoryInUseFollowsRunningContainers() {
        long idle = platform.nodes().get(0).memUsed();
        int vmid = Pve.createAs(platform, "pve1", Pve.spec("hungry").withVmid(100));
        platform.updateConfig("pve1", vmid, java.util.Map.of("memory", "4096"));
        platform.start("pve1", vmid);

        assertThat(platform.nodes().get(0).memUsed()).isEqualTo(idle + (4096L << 20));
        platform.stop("pve1", vmid);
        assertThat(platform.nodes().get(0).memUsed()).isEqualTo(idle);
    }

    @Test
    void callsToAnOfflineNodeFailWith595AfterRetries() {
        assertThatThrownBy(() -> platform.containers("pve3")).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(595);
            assertThat(e.reason()).startsWith("Errors during connection establishment");
        });
        assertThat(pve.calls("GET", "/nodes/pve3/lxc")).hasSize(4);
    }

}
