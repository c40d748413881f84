package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformException;
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

/** nextid reserves nothing: concurrent creators collide, and the platform survives it. */
class VmidRaceConformanceTest {

    @Test
    void concurrentCreatesFromSeveralThreadsAndTwoClientsAllSucceedWithDistinctVmids() throws Exception {
        try (ProxmoxSimulator pve = Pve.fastSimulator().start();
             ProxmoxContainerPlatform first = ProxmoxContainerPlatform.connect(Pve.config(pve).createAttempts(12).build());
             ProxmoxContainerPlatform second = ProxmoxContainerPlatform.connect(Pve.config(pve).createAttempts(12).build())) {
            // widen the window between nextid and create, so the two clients really do pick the same ids
            pve.inject(Fault.on("POST", "/nodes/pve/lxc").times(100).delay(Duration.ofMillis(40)));
            int perClient = 5;
            ExecutorService threads = Executors.newFixedThreadPool(2 * perClient);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * perClient; i++) {
                    ProxmoxContainerPlatform platform = i % 2 == 0 ? first : second;
                    String hostname = "race-" + i;
                    results.add(threads.submit(() -> {
                        go.await();
                        return platform.createContainer("pve", Pve.spec(hostname));
                    }));
                }
                go.countDown();
                List<Integer> vmids = new ArrayList<>();
                for (Future<Integer> result : results) {
                    vmids.add(result.get(60, TimeUnit.SECONDS));
                }

                assertThat(vmids).doesNotHaveDuplicates().hasSize(2 * perClient);
                assertThat(pve.containers()).extracting(SimulatedContainer::vmid).containsExactlyInAnyOrderElementsOf(vmids);
                assertThat(pve.containers()).extracting(SimulatedContainer::hostname).doesNotHaveDuplicates();
                // the race did happen: some creates lost and were retried with a fresh id
                assertThat(pve.calls("POST", "/nodes/pve/lxc")).extracting(RecordedCall::status).contains(500);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void threadsOfOneClientDoNotCollide() throws Exception {
        try (ProxmoxSimulator pve = Pve.fastSimulator().start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build())) {
            pve.inject(Fault.on("POST", "/nodes/pve/lxc").times(100).delay(Duration.ofMillis(20)));
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String hostname = "solo-" + i;
                    results.add(threads.submit(() -> platform.createContainer("pve", Pve.spec(hostname))));
                }
                List<Integer> vmids = new ArrayList<>();
                for (Future<Integer> result : results) {
                    vmids.add(result.get(60, TimeUnit.SECONDS));
                }
                assertThat(vmids).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105);
                assertThat(pve.calls("POST", "/nodes/pve/lxc")).extracting(RecordedCall::status).containsOnly(200);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void losingCreateIsRetriedWithAFreshVmid() {
        try (ProxmoxSimulator pve = Pve.fastSimulator().start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build())) {
            // another creator took the id between our nextid and our create
            pve.inject(Fault.on("POST", "/nodes/pve/lxc")
                    .respond(500, "unable to create CT 100 - CT 100 already exists on node 'pve'"));
            pve.inject(Fault.on("GET", "/cluster/nextid").times(1).respondJson(200, "{\"data\":\"100\"}"));

            int vmid = platform.createContainer("pve", Pve.spec("second-try"));

            assertThat(vmid).isEqualTo(100);
            assertThat(pve.calls("POST", "/nodes/pve/lxc")).extracting(RecordedCall::status).containsExactly(500, 200);
            assertThat(pve.calls("GET", "/cluster/nextid")).hasSize(2);
        }
    }

    @Test
    void allocationGivesUpAfterTheConfiguredAttempts() {
        try (ProxmoxSimulator pve = Pve.fastSimulator().start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(Pve.config(pve).createAttempts(3).build())) {
            pve.inject(Fault.on("POST", "/nodes/pve/lxc").times(10).respond(500, "CT 100 already exists on node 'pve'"));

            assertThatThrownBy(() -> platform.createContainer("pve", Pve.spec("unlucky")))
                    .isInstanceOfSatisfying(PlatformException.class, e -> {
                        assertThat(e.reason()).contains("no vmid could be allocated in 3 attempts");
                        assertThat(e.call()).isEqualTo("POST /nodes/pve/lxc");
                    });
            assertThat(pve.calls("POST", "/nodes/pve/lxc")).hasSize(3);
        }
    }
}
