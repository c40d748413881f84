package dev.proximity.proxmox.ssh;

import dev.proximity.proxmox.simulator.ssh.GuestContainer;
import dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands go to the node that holds the container, each node with its own address and host key. */
class NodeRoutingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static SimulatedNodeSshServer pve1;
    private static SimulatedNodeSshServer pve2;
    private static PctExecGuestExec exec;

    @BeforeAll
    static void startCluster() throws Exception {
        var containers = new InMemoryGuestContainers()
                .put(new GuestContainer(101, "pve1", true, "on-one"))
                .put(new GuestContainer(201, "pve2", true, "on-two"));
        pve1 = SimulatedNodeSshServer.builder("pve1", containers).password("root", SshTestSupport.ROOT_PASSWORD).start();
        pve2 = SimulatedNodeSshServer.builder("pve2", containers).password("root", SshTestSupport.ROOT_PASSWORD).start();
        exec = SshTestSupport.clientFor(SshTestSupport.rootPassword(), pve1, pve2).build();
    }

    @AfterAll
    static void stopCluster() {
        exec.close();
        pve1.close();
        pve2.close();
    }

    @Test
    void eachCommandRunsOnTheNodeItNames() {
        assertThat(exec.run("pve1", 101, "echo one", TIMEOUT).stdout()).isEqualTo("one\n");
        assertThat(exec.run("pve2", 201, "echo two", TIMEOUT).stdout()).isEqualTo("two\n");

        assertThat(pve1.lastScript(101)).contains("echo one");
        assertThat(pve2.lastScript(201)).contains("echo two");
        assertThat(pve1.commandLines()).noneMatch(line -> line.contains("echo two"));
        assertThat(pve2.commandLines()).noneMatch(line -> line.contains("echo one"));
    }

    @Test
    void askingTheWrongNodeIsRefusedByThatNodesPct() {
        assertThatThrownBy(() -> exec.run("pve1", 201, "true", TIMEOUT))
                .isInstanceOf(GuestContainerUnavailableException.class)
                .hasMessageContaining("Configuration file 'nodes/pve1/lxc/201.conf' does not exist");
    }

    @Test
    void eachNodeIsCheckedAgainstItsOwnPinnedKey() {
        // Swap the pins: pve1's address now expects pve2's key.
        var swapped = HostKeyPolicy.pinnedFingerprints(Map.of(
                SshTestSupport.addressOf(pve1), pve2.hostKeyFingerprint(),
                SshTestSupport.addressOf(pve2), pve1.hostKeyFingerprint()));
        try (PctExecGuestExec crossed = SshTestSupport.clientFor(SshTestSupport.rootPassword(), pve1, pve2)
                .hostKeys(swapped).build()) {
            assertThatThrownBy(() -> crossed.run("pve1", 101, "true", TIMEOUT))
                    .isInstanceOf(HostKeyVerificationException.class);
        }
    }

    @Test
    void closedGuestExecRefusesFurtherCommandsAndEndsItsSessions() {
        PctExecGuestExec shortLived = SshTestSupport.clientFor(SshTestSupport.rootPassword(), pve1, pve2).build();
        shortLived.run("pve1", 101, "true", TIMEOUT);

        shortLived.close();

        assertThatThrownBy(() -> shortLived.run("pve1", 101, "true", TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void resolversChainAndDefaultToTheNodeNameOnPort22() {
        NodeAddressResolver mapped = NodeAddressResolver.of(Map.of("pve1", SshTestSupport.addressOf(pve1)));
        NodeAddressResolver chained = mapped.orElse(NodeAddressResolver.nodeNameAsHost());

        assertThat(chained.resolve("pve1")).contains(SshTestSupport.addressOf(pve1));
        assertThat(chained.resolve("pve7")).contains(new NodeAddress("pve7", 22));
        assertThat(mapped.resolve("pve7")).isEqualTo(Optional.empty());
        assertThat(NodeAddressResolver.nodeNameAsHost(2222).resolve("pve3")).contains(new NodeAddress("pve3", 2222));
    }
}
