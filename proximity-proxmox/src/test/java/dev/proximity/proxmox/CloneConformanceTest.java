package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Full clones over HTTPS, as PVE makes them: the source locked while copied, running sources only from a snapshot. */
class CloneConformanceTest {

    private static final Duration QUICK_TASKS = Duration.ofMillis(150);
    /** Long enough for a step to meet the lock a running task holds, even on a loaded machine. */
    private static final Duration LOCK_HOLDING_TASKS = Duration.ofSeconds(1);

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private int vmid;

    private void start(Duration taskDuration) {
        pve = Pve.fastSimulator().node("pve", 8, 4).taskDuration(taskDuration).start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
        vmid = Pve.create(platform, "pve", Pve.spec("source"));
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
    void aStoppedContainerIsCopiedWithItsConfigurationUnderANewName() {
        start(QUICK_TASKS);
        platform.updateConfig("pve", vmid, Map.of("memory", "1536"));

        platform.cloneContainer("pve", vmid, 150, "copy", "the copy", null);

        Map<String, String> copy = platform.config("pve", 150);
        assertThat(copy).containsEntry("hostname", "copy").containsEntry("memory", "1536").containsEntry("description", "the copy");
        assertThat(copy.get("rootfs")).contains("vm-150-disk-0");
        assertThat(pve.calls("POST", "/nodes/pve/lxc/" + vmid + "/clone")).singleElement()
                .satisfies(call -> assertThat(call.params()).containsEntry("newid", "150").containsEntry("full", "1"));
    }

    @Test
    void aRunningContainerNeedsASnapshotAndTheSourceIsLockedWhileCopied() throws Exception {
        start(LOCK_HOLDING_TASKS);
        platform.start("pve", vmid);
        assertThatThrownBy(() -> platform.cloneContainer("pve", vmid, 150, "copy", "x", null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo("Full clone of a running container is only possible from a snapshot."));
        platform.createSnapshot("pve", vmid, "for-clone", null);

        CompletableFuture<Void> cloning = CompletableFuture.runAsync(() ->
                platform.cloneContainer("pve", vmid, 150, "copy", "x", "for-clone"));
        Pve.awaitTrue(() -> "disk".equals(pve.container(vmid).orElseThrow().lock()));
        // the deletion meets "CT is locked (disk)" and waits for the clone task
        platform.deleteSnapshot("pve", vmid, "for-clone");
        cloning.get();
        assertThat(pve.calls("DELETE", "/nodes/pve/lxc/" + vmid + "/snapshot/for-clone")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pve.container(150)).isPresent();
        assertThat(pve.container(150).orElseThrow().running()).isFalse();
    }

    @Test
    void aTakenIdIsAVmidTakenErrorAndNothingIsCreated() {
        start(QUICK_TASKS);
        int other = Pve.create(platform, "pve", Pve.spec("other"));

        assertThatThrownBy(() -> platform.cloneContainer("pve", vmid, other, "copy", "x", null))
                .isInstanceOfSatisfying(VmidTakenException.class, e -> assertThat(e.vmid()).isEqualTo(other));
        assertThat(pve.containers()).hasSize(2);
    }
}
