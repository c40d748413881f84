package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Waiting for UPIDs: warnings are success, fresh tasks may be invisible, failures carry their log, deadlines hold. */
class TaskAwaitConformanceTest extends SimulatedPlatformTest {

    @Test
    void warningsCountAsSuccess() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").taskWarnings(2));

        int vmid = Pve.create(platform, "pve", Pve.spec("warned"));

        assertThat(pve.container(vmid)).isPresent();
        Upid upid = Upid.parse(pve.calls("GET", "/nodes/pve/tasks/.*/status").get(0).path().split("/")[4]);
        TaskStatus status = platform.client().taskStatus(upid);
        assertThat(status.exitStatus()).isEqualTo("WARNINGS: 2");
        assertThat(status.succeeded()).isTrue();
        assertThat(platform.client().taskLog(upid, 0, 50).lines()).contains("TASK WARNINGS: 2");
    }

    @Test
    void noSuchTaskRightAfterCreationIsTolerated() {
        // Hidden for 1 s, so the first status poll is sure to come early; the grace period (Pve.config) is 2 s.
        try (ProxmoxSimulator hesitant = Pve.fastSimulator().taskVisibilityDelay(Duration.ofSeconds(1)).start();
             ProxmoxContainerPlatform client = ProxmoxContainerPlatform.connect(Pve.config(hesitant).build())) {
            int vmid = Pve.create(client, "pve", Pve.spec("hidden-task"));

            assertThat(hesitant.container(vmid)).isPresent();
            assertThat(hesitant.calls("GET", "/nodes/pve/tasks/.*/status")).extracting(RecordedCall::status)
                    .startsWith(400).endsWith(200);
        }
    }

    @Test
    void noSuchTaskIsBelievedAfterTheGracePeriod() {
        ProxmoxConfig config = Pve.config(pve)
                .polling(new TaskPolling(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofSeconds(10), Duration.ofMillis(200)))
                .build();
        Upid unknown = Upid.parse("UPID:pve:0000ABCD:0000ABCD:66F1A2B3:vzstart:100:root@pam!ci:");
        try (ProxmoxClient client = new ProxmoxClient(config)) {
            assertThatThrownBy(() -> client.awaitTask(unknown)).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.fieldErrors()).containsEntry("upid", "no such task");
            });
        }
    }

    @Test
    void failedTaskCarriesExitStatusAndLogTail() {
        int vmid = Pve.create(platform, "pve", Pve.spec("doomed"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start").failTask("startup for container '" + vmid + "' failed"));

        assertThatThrownBy(() -> platform.start("pve", vmid)).isInstanceOfSatisfying(PlatformTaskException.class, e -> {
            assertThat(e.exitStatus()).isEqualTo("startup for container '" + vmid + "' failed");
            assertThat(e.upid()).contains(":vzstart:" + vmid + ":");
            assertThat(e.logTail()).last().isEqualTo("TASK ERROR: startup for container '" + vmid + "' failed");
            assertThat(e.getMessage()).contains("TASK ERROR");
        });
        assertThat(pve.container(vmid).orElseThrow().running()).isFalse();
    }

    @Test
    void failedCreateLeavesNoContainer() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").failTask("unable to create CT 100 - no space left on device"));

        assertThatThrownBy(() -> Pve.create(platform, "pve", Pve.spec("no-space")))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.exitStatus()).contains("no space left on device");
                    assertThat(e.logTail()).hasSizeLessThanOrEqualTo(TaskWaiter.LOG_TAIL_LINES)
                            .contains("Detected container architecture: amd64");
                });
        assertThat(pve.containers()).isEmpty();
    }

    @Test
    void deadlineRaisesTimeout() {
        try (ProxmoxSimulator slow = Pve.fastSimulator().taskDuration(Duration.ofSeconds(5)).start();
             ProxmoxClient client = new ProxmoxClient(Pve.config(slow).build())) {
            Upid upid = client.createContainer("pve", ContainerParams.of(Pve.spec("slowpoke"), 100, "proximity"));

            assertThatThrownBy(() -> client.awaitTask(upid, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(PlatformTimeoutException.class, e -> {
                        assertThat(e.waited()).isEqualTo(Duration.ofMillis(300));
                        assertThat(e.call()).contains(upid.value());
                    });
            assertThat(client.taskStatus(upid).running()).isTrue();
        }
    }

    @Test
    void taskLogPagesWithStartLimitAndTotal() {
        int vmid = Pve.create(platform, "pve", Pve.spec("logged"));
        Upid upid = platform.client().start("pve", vmid);
        platform.client().awaitTask(upid);
        Upid create = Upid.parse(pve.calls("GET", "/nodes/pve/tasks/.*vzcreate.*/status").get(0).path().split("/")[4]);

        TaskLog all = platform.client().taskLog(create, 0, 50);
        TaskLog tail = platform.client().taskLog(create, all.total() - 2, 2);

        assertThat(all.lines()).hasSize(all.total()).last().isEqualTo("TASK OK");
        assertThat(tail.lines()).containsExactlyElementsOf(all.lines().subList(all.total() - 2, all.total()));
    }

    @Test
    void pollsComeAfterATwentiethOfTheTasksAgeWithinTheBounds() {
        TaskPolling polling = new TaskPolling(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1), Duration.ZERO);

        assertThat(polling.intervalAfter(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
        assertThat(polling.intervalAfter(Duration.ofMillis(1000))).isEqualTo(Duration.ofMillis(100));
        assertThat(polling.intervalAfter(Duration.ofMillis(5000))).isEqualTo(Duration.ofMillis(250));
        assertThat(polling.intervalAfter(Duration.ofMinutes(10))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void upidParsesTokenUsersAndTheTrailingColon() {
        Upid upid = Upid.parse("UPID:pve:0001A2B3:00C4D5E6:66F1A2B3:vzcreate:101:root@pam!ci:");
        assertThat(upid.node()).isEqualTo("pve");
        assertThat(upid.type()).isEqualTo("vzcreate");
        assertThat(upid.id()).isEqualTo("101");
        assertThat(upid.user()).isEqualTo("root@pam!ci");
        assertThatThrownBy(() -> Upid.parse("101")).isInstanceOf(IllegalArgumentException.class);
    }
}
