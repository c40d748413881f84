package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * nextid reserves nothing, so concurrent creators collide: the platform reports every way of losing
 * the race as a {@link VmidTakenException} (nothing created, pick another id) and never re-sends a
 * create whose answer was lost.
 */
class VmidRaceConformanceTest extends SimulatedPlatformTest {

    @Test
    void aTakenIdIsRefusedAsVmidTaken() {
        int vmid = Pve.create(platform, "pve", Pve.spec("first"));

        assertThatThrownBy(() -> platform.createContainer("pve", Pve.spec("second").withVmid(vmid)))
                .isInstanceOfSatisfying(VmidTakenException.class, e -> {
                    assertThat(e.vmid()).isEqualTo(vmid);
                    assertThat(e.reason()).isEqualTo("CT " + vmid + " already exists on node 'pve'");
                    assertThat(e.getCause()).isInstanceOfSatisfying(PlatformRefusedException.class,
                            refused -> assertThat(refused.httpStatus()).isEqualTo(500));
                });
        assertThat(pve.containers()).extracting(SimulatedContainer::hostname).containsExactly("first");
    }

    @Test
    void aCreateTaskThatLosesTheRaceIsVmidTaken() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").failTask("unable to create CT 100 - CT 100 already exists on node 'pve2'"));

        assertThatThrownBy(() -> platform.createContainer("pve", Pve.spec("loser").withVmid(100)))
                .isInstanceOfSatisfying(VmidTakenException.class, e -> {
                    assertThat(e.vmid()).isEqualTo(100);
                    assertThat(e.reason()).contains("already exists");
                });
        assertThat(pve.containers()).isEmpty();
    }

    @Test
    void otherRefusalsStayWhatTheyAre() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").respond(500, "unable to create CT 100 - storage 'local-lvm' is full"));

        assertThatThrownBy(() -> platform.createContainer("pve", Pve.spec("full").withVmid(100)))
                .isExactlyInstanceOf(PlatformRefusedException.class)
                .hasMessageContaining("storage 'local-lvm' is full");
    }

    @Test
    void twoClientsCreatingUnderTheSameIdsLeaveOneWinnerPerIdAndTypedLosers() throws Exception {
        try (ProxmoxContainerPlatform other = ProxmoxContainerPlatform.connect(Pve.config(pve).build())) {
            pve.inject(Fault.on("POST", "/nodes/pve/lxc").times(100).delay(Duration.ofMillis(20)));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    ProxmoxContainerPlatform client = i % 2 == 0 ? platform : other;
                    int vmid = 100 + i / 2;
                    String hostname = "race-" + i;
                    outcomes.add(threads.submit(() -> {
                        go.await();
                        try {
                            client.createContainer("pve", Pve.spec(hostname).withVmid(vmid));
                            return "won " + vmid;
                        } catch (VmidTakenException e) {
                            return "lost " + e.vmid();
                        }
                    }));
                }
                go.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get(60, TimeUnit.SECONDS));
                }

                assertThat(results).filteredOn(r -> r.startsWith("won")).containsExactlyInAnyOrder("won 100", "won 101", "won 102", "won 103");
                assertThat(results).filteredOn(r -> r.startsWith("lost")).containsExactlyInAnyOrder("lost 100", "lost 101", "lost 102", "lost 103");
                assertThat(pve.containers()).extracting(SimulatedContainer::vmid).containsExactly(100, 101, 102, 103);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aCreateWhoseAnswerWasLostIsNotResentAndSaysTheContainerMayExist() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").times(1).dropConnectionAfterProcessing());

        assertThatThrownBy(() -> platform.createContainer("pve", Pve.spec("lost-answer").withVmid(100)))
                .isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> {
                    assertThat(e.mayHaveTakenEffect()).isTrue();
                    assertThat(e.reason()).contains("container 100 on node 'pve' may exist");
                });
        assertThat(pve.calls("POST", "/nodes/pve/lxc")).hasSize(1);
        assertThat(pve.container(100)).isPresent();
    }

    @Test
    void nextFreeVmidSkipsUsedIdsAndReservesNothing() {
        assertThat(platform.nextFreeVmid()).isEqualTo(100);
        assertThat(platform.nextFreeVmid()).isEqualTo(100);
        Pve.createAs(platform, "pve", Pve.spec("one").withVmid(100));

        assertThat(platform.nextFreeVmid()).isEqualTo(101);
        assertThat(platform.isVmidFree(100)).isFalse();
        assertThat(platform.isVmidFree(101)).isTrue();
        assertThat(pve.calls("GET", "/cluster/nextid")).extracting(RecordedCall::status).containsOnly(200, 400);
    }
}
