package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.RecordedCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads and provably-unexecuted calls are retried, within bounds; ambiguous writes never are. */
class RetryConformanceTest extends SimulatedPlatformTest {

    private static final String PROXY_FAILURE = "Errors during connection establishment, proxy handshake: Connection refused";

    @Test
    void readIsRetriedThroughA595Burst() {
        pve.inject(Fault.on("GET", "/nodes").times(3).respond(595, PROXY_FAILURE));

        assertThat(platform.nodes()).hasSize(1);

        assertThat(pve.calls("GET", "/nodes")).extracting(RecordedCall::status).containsExactly(595, 595, 595, 200);
    }

    @Test
    void readGivesUpAfterTheConfiguredAttemptsWithTheLastError() {
        pve.inject(Fault.on("GET", "/nodes").times(10).respond(596, "Broken pipe"));

        assertThatThrownBy(platform::nodes).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(596);
            assertThat(e.reason()).isEqualTo("Broken pipe");
            assertThat(e.call()).isEqualTo("GET /nodes");
        });
        assertThat(pve.calls("GET", "/nodes")).hasSize(4);
    }

    @Test
    void readIsRetriedAfterADroppedConnection() {
        pve.inject(Fault.on("GET", "/cluster/nextid").times(2).dropConnection());

        assertThat(platform.client().nextId()).isEqualTo(100);
        assertThat(pve.calls("GET", "/cluster/nextid")).extracting(RecordedCall::status).containsExactly(0, 0, 200);
    }

    @Test
    void handlerErrorsOfReadsAreNotRetried() {
        assertThatThrownBy(() -> platform.config("pve", 555)).isInstanceOf(PlatformException.class);
        assertThat(pve.calls("GET", "/nodes/pve/lxc/555/config")).hasSize(1);
    }

    @Test
    void createWhoseAnswerWasLostIsNotResent() {
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").dropConnectionAfterProcessing());

        assertThatThrownBy(() -> Pve.create(platform, "pve", Pve.spec("lost-answer")))
                .isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> {
                    assertThat(e.mayHaveTakenEffect()).isTrue();
                    assertThat(e.getMessage()).contains("may or may not have taken effect");
                    assertThat(e.reason()).contains("container 100 on node 'pve' may exist");
                    assertThat(e.call()).isEqualTo("POST /nodes/pve/lxc");
                });
        assertThat(pve.calls("POST", "/nodes/pve/lxc")).hasSize(1);
        // the container exists, and carries the tag that lets reconciliation find it
        assertThat(pve.container(100).orElseThrow().tags()).contains("proximity");
    }

    @Test
    void writeAnswered596IsNotRetriedBecauseItMayHaveRun() {
        int vmid = Pve.create(platform, "pve", Pve.spec("maybe-ran"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start").times(3).respond(596, "Connection timed out"));

        assertThatThrownBy(() -> platform.start("pve", vmid))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.httpStatus()).isEqualTo(596));
        assertThat(pve.calls("POST", "/nodes/pve/lxc/\\d+/status/start")).hasSize(1);
    }

    @Test
    void writeAnswered595IsRetriedBecauseItNeverReachedTheNode() {
        int vmid = Pve.create(platform, "pve", Pve.spec("proxy-down"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start").times(2).respond(595, PROXY_FAILURE));

        platform.start("pve", vmid);

        assertThat(pve.calls("POST", "/nodes/pve/lxc/\\d+/status/start")).extracting(RecordedCall::status)
                .containsExactly(595, 595, 200);
        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();
    }

    @Test
    void lockTimeoutOfAWriteIsRetried() {
        int vmid = Pve.create(platform, "pve", Pve.spec("locked-out"));
        pve.inject(Fault.on("PUT", "/nodes/pve/lxc/\\d+/config")
                .respond(500, "can't lock file '/run/lock/lxc/pve-config-" + vmid + ".lock' - got timeout"));

        platform.updateConfig("pve", vmid, Map.of("cores", "3"));

        assertThat(pve.calls("PUT", "/nodes/pve/lxc/\\d+/config")).extracting(RecordedCall::status).containsExactly(500, 200);
        assertThat(pve.container(vmid).orElseThrow().cores()).isEqualTo(3);
    }

    @Test
    void taskThatCouldNotTakeTheLockIsStartedAgain() {
        int vmid = Pve.create(platform, "pve", Pve.spec("task-lock"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start")
                .failTask("can't lock file '/run/lock/lxc/pve-config-" + vmid + ".lock' - got timeout"));

        platform.start("pve", vmid);

        assertThat(pve.calls("POST", "/nodes/pve/lxc/\\d+/status/start")).hasSize(2);
        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();
    }

    @Test
    void otherServerErrorsOfWritesAreNotRetried() {
        int vmid = Pve.create(platform, "pve", Pve.spec("plain-500"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start").respond(503, "Service Unavailable"));

        assertThatThrownBy(() -> platform.start("pve", vmid)).isInstanceOf(PlatformException.class);
        assertThat(pve.calls("POST", "/nodes/pve/lxc/\\d+/status/start")).hasSize(1);
    }

    @Test
    void permissionErrorsAreNotRetriedAndCarryTheReason() {
        pve.inject(Fault.on("GET", "/nodes/pve/lxc").times(5).respond(403, "Permission check failed (/vms/101, VM.Audit)"));

        assertThatThrownBy(() -> platform.containers("pve")).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.reason()).isEqualTo("Permission check failed (/vms/101, VM.Audit)");
            assertThat(e.getMessage()).isEqualTo("GET /nodes/pve/lxc failed: HTTP 403 Permission check failed (/vms/101, VM.Audit)");
        });
        assertThat(pve.calls("GET", "/nodes/pve/lxc")).hasSize(1);
    }

    @Test
    void latencyIsTolerated() {
        pve.inject(Fault.on("GET", "/nodes").delay(Duration.ofMillis(200)));
        assertThat(platform.nodes()).hasSize(1);
        assertThat(pve.calls("GET", "/nodes")).hasSize(1);
    }

    @Test
    void callTimeoutTurnsASlowAnswerIntoAFailure() {
        pve.inject(Fault.on("GET", "/nodes").times(10).delay(Duration.ofMillis(800)));
        ProxmoxConfig impatient = Pve.config(pve).callTimeout(Duration.ofMillis(200))
                .retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO)).build();
        try (ProxmoxClient client = new ProxmoxClient(impatient)) {
            assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> {
                assertThat(e.mayHaveTakenEffect()).isFalse();
                assertThat(e.getMessage()).startsWith("GET /nodes got no answer: ");
            });
        }
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700));
        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.backoffBefore(40)).isEqualTo(Duration.ofMillis(700));
    }
}
