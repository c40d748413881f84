package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.core.FailedDeployPolicy;
import dev.proximity.core.Proximity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every deploy step failing in the ways a platform fails: the step is named, the log kept, nothing left behind. */
class DeployFailureTest extends AppServiceTestBase {

    /** A fault at one step, and the cause the caller must see. */
    enum StepFault {
        NODES_REFUSED("node", test -> test.platform.fail("nodes", 1, () -> refused(500, "hostname lookup failed")), PlatformRefusedException.class),
        VMID_UNANSWERED("vmid", test -> test.platform.fail("nextFreeVmid", 1, () -> noAnswer("GET /cluster/nextid")), PlatformNoAnswerException.class),
        CREATE_REFUSED("lxc_create", test -> test.platform.fail("createContainer", 1, () -> refused(500, "storage 'local-lvm' is full")), PlatformRefusedException.class),
        CREATE_TASK_FAILED("lxc_create", test -> test.platform.failAfterEffect("createContainer", 1, () -> task("unable to create CT 100 - out of space")), PlatformTaskException.class),
        CREATE_ANSWER_LOST("lxc_create", test -> test.platform.failAfterEffect("createContainer", 1, () -> noAnswer("POST /nodes/pve/lxc")), PlatformNoAnswerException.class),
        CREATE_TIMED_OUT("lxc_create", test -> test.platform.failAfterEffect("createContainer", 1, () -> new PlatformTimeoutException("task vzcreate", Duration.ofMinutes(5))), PlatformTimeoutException.class),
        START_TASK_FAILED("lxc_start", test -> test.platform.fail("start", 1, () -> task("startup for container '100' failed")), PlatformTaskException.class),
        START_ANSWER_LOST("lxc_start", test -> test.platform.failAfterEffect("start", 1, () -> noAnswer("POST /nodes/pve/lxc/100/status/start")), PlatformNoAnswerException.class),
        DOCKER_INSTALL_FAILED("docker_setup", test -> test.guest.exit("docker compose version", 1, 100, "E: Unable to locate package docker.io"), GuestCommandException.class),
        STACK_WRITE_FAILED("app_deploy", test -> test.guest.exit("docker-compose.yml", 1, 1, "No space left on device"), GuestCommandException.class),
        COMPOSE_UP_FAILED("app_deploy", test -> test.guest.exit(" up -d", 1, 18, "pull access denied for nginx"), GuestCommandException.class),
        SSH_DROPPED("app_deploy", test -> test.guest.fail(" up -d", 1, () -> new dev.proximity.api.error.PlatformException("pct exec 100", "session closed", null)), dev.proximity.api.error.PlatformException.class),
        NEVER_HEALTHY("health", test -> test.guest.neverAnswer(), PlatformTimeoutException.class),
        NO_ADDRESS("url", test -> test.platform.fail("interfaces", 1000, () -> refused(500, "interfaces unavailable")), PlatformRefusedException.class);

        final String step;
        final Consumer<DeployFailureTest> inject;
        final Class<? extends RuntimeException> cause;

        StepFault(String step, Consumer<DeployFailureTest> inject, Class<? extends RuntimeException> cause) {
            this.step = step;
            this.inject = inject;
            this.cause = cause;
        }
    }

    @ParameterizedTest
    @EnumSource(StepFault.class)
    void aFailedStepIsNamedUndoneAndLeavesNothingBehind(StepFault fault) {
        fault.inject.accept(this);

        DeploymentFailedException failure = catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "doomed")));

        assertThat(failure.failedStep()).isEqualTo(fault.step);
        assertThat(failure.getCause()).isInstanceOf(fault.cause);
        assertThat(failure.undone()).isTrue();
        assertThat(failure.appId()).isEqualTo("nginx-doomed");
        assertThat(failure.log()).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(LogLevel.ERROR);
            assertThat(e.step()).isEqualTo(fault.step);
        });
        assertThat(platform.containersById()).isEmpty();
        assertThat(leases()).isEmpty();
        assertThat(records()).isEmpty();
        if (fault.step.equals("node")) {
            // nothing was recorded yet, so nothing was logged in the store
            assertThatThrownBy(() -> apps.logs("nginx-doomed")).isInstanceOf(NotFoundException.class);
        } else {
            List<DeploymentLogEntry> kept = apps.logs("nginx-doomed");
            assertThat(kept).isEqualTo(failure.log());
            assertThat(kept).extracting(DeploymentLogEntry::deploymentId).containsOnly(failure.deploymentId());
            assertThat(kept.get(kept.size() - 1).step()).isEqualTo("undo");
        }
    }

    @Test
    void theCauseCarriesTheExitCodeAndStandardErrorOfAFailedCommand() {
        guest.exit(" up -d", 1, 18, "pull access denied for nginx");

        DeploymentFailedException failure = catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "denied")));

        assertThat(failure.getCause()).isInstanceOfSatisfying(GuestCommandException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(18);
            assertThat(e.stderrTail()).isEqualTo("pull access denied for nginx");
            assertThat(e.vmid()).isEqualTo(100);
        });
        assertThat(failure.getMessage()).contains("app_deploy").contains("exited with status 18").contains("pull access denied");
    }

    @Test
    void aRedeployAfterAFailureStartsANewLogAndKeepsTheOld() {
        guest.exit(" up -d", 1, 1, "boom");
        DeploymentFailedException failure = catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "again")));

        App app = apps.deploy(DeployRequest.of("nginx", "again"));

        assertThat(apps.logs(app.id())).extracting(DeploymentLogEntry::deploymentId).doesNotContain(failure.deploymentId());
        assertThat(apps.history(app.id())).hasSize(2);
        assertThat(apps.history(app.id()).get(0).deploymentId()).isEqualTo(failure.deploymentId());
        assertThat(apps.history(app.id()).get(0).completed()).isFalse();
        assertThat(apps.history(app.id()).get(1).completed()).isTrue();
    }

    @Test
    void anUndoThatCannotDestroyTheContainerLeavesARemovingRecordThatReconcileFinishes() {
        guest.exit(" up -d", 1, 1, "boom");
        platform.fail("delete", 1, () -> refused(500, "CT 100 is locked (backup)"));

        DeploymentFailedException failure = catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "sticky")));

        assertThat(failure.undone()).isFalse();
        assertThat(failure.getMessage()).contains("reconcile will finish");
        App kept = apps.get("nginx-sticky");
        assertThat(kept.status()).isEqualTo(AppStatus.REMOVING);
        assertThat(kept.vmid()).isEqualTo(100);
        assertThat(platform.containersById()).containsOnlyKeys(100);
        assertThat(leases()).hasSize(2);

        try (Proximity later = Proximity.builder().store(store).platform(platform).guestExec(guest)
                .catalog(dev.proximity.core.testing.TestCatalog.standard()).stuckAfter(Duration.ZERO).build()) {
            ReconcileReport report = later.apps().reconcile();
            assertThat(report.actions(ReconcileReport.Kind.STUCK_TRANSITION_RESOLVED)).hasSize(1);
        }
        assertThat(platform.containersById()).isEmpty();
        assertThat(records()).isEmpty();
        assertThat(leases()).isEmpty();
    }

    @Test
    void aContainerSomeoneElseCreatedUnderTheRecordedVmidIsNeverDestroyed() {
        // another creator takes vmid 100 after we recorded it; our create is refused and then fails for good
        platform.fail("createContainer", 10, () -> refused(500, "storage 'local-lvm' is full"));
        platform.addForeign("pve", 101, "theirs", List.of("other"), "not ours", true);

        catchFailure(() -> apps.deploy(DeployRequest.of("nginx", "polite")));

        assertThat(platform.containersById()).containsOnlyKeys(101);
    }

    static DeploymentFailedException catchFailure(Runnable deploy) {
        try {
            deploy.run();
        } catch (DeploymentFailedException e) {
            return e;
        }
        throw new AssertionError("the deploy did not fail");
    }

    static PlatformRefusedException refused(int status, String reason) {
        return new PlatformRefusedException("POST /nodes/pve/lxc", status, reason, null, null);
    }

    static PlatformNoAnswerException noAnswer(String call) {
        return new PlatformNoAnswerException(call, "SocketException Connection reset", true, null);
    }

    static PlatformTaskException task(String exit) {
        return new PlatformTaskException("UPID:pve:00000001:00000001:66F1A2B3:vzcreate:100:root@pam:", exit, List.of("TASK ERROR: " + exit));
    }
}
