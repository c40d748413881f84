package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.platform.ContainerSnapshot;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Container snapshots over HTTPS, as PVE answers them: tasks, locks, refusals, the tree of parents. */
class SnapshotConformanceTest {

    private static final Duration QUICK_TASKS = Duration.ofMillis(150);
    /** Long enough for a step to meet the lock a running task holds, even on a loaded machine. */
    private static final Duration LOCK_HOLDING_TASKS = Duration.ofSeconds(1);

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private int vmid;

    private void start(Duration taskDuration) {
        pve = Pve.fastSimulator().node("pve", 8, 4).taskDuration(taskDuration).start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
        vmid = Pve.create(platform, "pve", Pve.spec("snappy"));
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (pve != null) {
            pve.close();
        }
    }

    @Test
    void snapshotsFormATreeAndARollbackRestoresTheConfiguration() {
        start(QUICK_TASKS);
        platform.createSnapshot("pve", vmid, "first", "before");
        platform.updateConfig("pve", vmid, Map.of("memory", "2048"));
        platform.createSnapshot("pve", vmid, "second", null);
        platform.start("pve", vmid);

        assertThat(platform.snapshots("pve", vmid)).extracting(ContainerSnapshot::name, ContainerSnapshot::parent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("first", null),
                        org.assertj.core.groups.Tuple.tuple("second", "first"));
        assertThat(platform.snapshots("pve", vmid).get(0).description()).isEqualTo("before");

        platform.rollbackSnapshot("pve", vmid, "first", false);

        assertThat(platform.config("pve", vmid)).containsEntry("memory", "1024");
        assertThat(platform.status("pve", vmid).orElseThrow().state()).isEqualTo(ContainerState.STOPPED);
        platform.rollbackSnapshot("pve", vmid, "second", true);
        assertThat(platform.config("pve", vmid)).containsEntry("memory", "2048");
        assertThat(platform.status("pve", vmid).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);

        platform.deleteSnapshot("pve", vmid, "first");
        assertThat(platform.snapshots("pve", vmid)).extracting(ContainerSnapshot::name, ContainerSnapshot::parent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("second", null));
        assertThat(pve.calls("GET", "/nodes/pve/tasks/.*/status")).isNotEmpty();
    }

    @Test
    void refusalsNameTheProblem() {
        start(QUICK_TASKS);
        platform.createSnapshot("pve", vmid, "taken", null);
        assertThatThrownBy(() -> platform.createSnapshot("pve", vmid, "taken", null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).contains("already used"));
        assertThatThrownBy(() -> platform.createSnapshot("pve", vmid, "vzdump", null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).contains("reserved"));
        assertThatThrownBy(() -> platform.createSnapshot("pve", vmid, "1bad", null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        assertThatThrownBy(() -> platform.rollbackSnapshot("pve", vmid, "missing", false))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).contains("does not exist"));
        int onDirectory = platform.nextFreeVmid();
        platform.createContainer("pve", new dev.proximity.api.platform.ContainerSpec(onDirectory, "on-dir", Pve.TEMPLATE, 1, 512,
                0, "local:8", null, null, true, null, null, false, null, java.util.List.of()));
        assertThatThrownBy(() -> platform.createSnapshot("pve", onDirectory, "nope", null))
                .isInstanceOfSatisfying(PlatformRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("snapshot feature is not available"));
    }

    @Test
    void aCallOnALockedContainerWaitsForTheHoldingTaskAndAStaleLockIsReported() throws Exception {
        start(LOCK_HOLDING_TASKS);
        CompletableFuture<Void> taking = CompletableFuture.runAsync(() -> platform.createSnapshot("pve", vmid, "slow", null));
        Pve.awaitTrue(() -> "snapshot".equals(pve.container(vmid).orElseThrow().lock()));

        platform.start("pve", vmid);

        assertThat(pve.calls("POST", "/nodes/pve/lxc/" + vmid + "/status/start")).as("refused while locked, then made again")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(pve.calls("GET", "/nodes/pve/tasks")).isNotEmpty();
        taking.get();
        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();

        pve.lock(vmid, "backup");
        long before = System.nanoTime();
        assertThatThrownBy(() -> platform.stop("pve", vmid)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("CT " + vmid + " is locked (backup)"));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("no task holds it: reported at once").isLessThan(Duration.ofSeconds(5));
        assertThat(pve.container(vmid).orElseThrow().lock()).as("never forced").isEqualTo("backup");
    }
}
