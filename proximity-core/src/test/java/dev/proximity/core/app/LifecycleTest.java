package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start, stop, restart and delete: act on Proxmox, then persist; a failure leaves a truthful status. */
class LifecycleTest extends AppServiceTestBase {

    private App app;

    @BeforeEach
    void deployOne() {
        app = apps.deploy(DeployRequest.of("nginx", "cycle"));
    }

    @Test
    void stopThenStartWalksTheStackAndTheContainer() {
        App stopped = apps.stop(app.id());

        assertThat(stopped.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(stopped.stateChangedAt()).isAfterOrEqualTo(app.stateChangedAt());
        assertThat(platform.containersById().get(100).running()).isFalse();
        assertThat(guest.stackUp(100)).isFalse();
        assertThat(platform.calls()).contains("shutdown pve 100");

        App started = apps.start(app.id());

        assertThat(started.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(started.url()).isEqualTo("http://10.0.0.100:9100");
        assertThat(guest.stackUp(100)).isTrue();
        assertThat(steps(apps.logs(app.id()))).endsWith("stack_down", "lxc_shutdown", "lxc_start", "app_deploy", "health", "url");
        assertThat(apps.logs(app.id())).extracting(DeploymentLogEntry::deploymentId).containsOnly(apps.logs(app.id()).get(0).deploymentId());
    }

    @Test
    void repeatingAStateIsHarmlessAndImpossibleTransitionsAreClearErrors() {
        assertThat(apps.start(app.id()).version()).isEqualTo(app.version());
        apps.stop(app.id());
        assertThat(apps.stop(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThatThrownBy(() -> apps.restart(app.id())).isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
            assertThat(e.status()).isEqualTo("stopped");
            assertThat(e.action()).isEqualTo("restart");
        });
        store.write((StoreSession s) -> s.apps().update(s.apps().get(app.id()).orElseThrow().withStatus(AppStatus.DEPLOYING, Instant.now())));
        assertThatThrownBy(() -> apps.start(app.id())).isInstanceOf(InvalidTransitionException.class).hasMessageContaining("deploying");
        assertThatThrownBy(() -> apps.delete(app.id())).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> apps.start("nginx-nothing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void forcedStopSkipsTheStackAndStopsHard() {
        apps.stop(app.id(), true);

        assertThat(platform.calls()).contains("stop pve 100").doesNotContain("shutdown pve 100");
        assertThat(guest.scripts()).noneSatisfy(s -> assertThat(s.text()).endsWith(" down"));
    }

    @Test
    void aStackThatWillNotGoDownStillLetsTheContainerStop() {
        guest.exit(" down", 1, 1, "docker daemon not responding");

        assertThat(apps.stop(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.level()).isEqualTo(LogLevel.WARNING));
    }

    @Test
    void aFailedActionLeavesStatusErrorWithTheReasonInTheLog() {
        apps.stop(app.id());
        platform.fail("start", 1, () -> task("startup for container '100' failed"));

        assertThatThrownBy(() -> apps.start(app.id())).isInstanceOfSatisfying(OperationFailedException.class, e -> {
            assertThat(e.operation()).isEqualTo("start");
            assertThat(e.failedStep()).isEqualTo("lxc_start");
        });
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.ERROR);
        List<DeploymentLogEntry> log = apps.logs(app.id());
        assertThat(log).anySatisfy(e -> assertThat(e.message()).contains("startup for container '100' failed"));

        assertThat(apps.start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void restartRebootsAndBringsTheStackBack() {
        App restarted = apps.restart(app.id());

        assertThat(restarted.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.calls()).contains("reboot pve 100");
        assertThat(guest.scripts().get(guest.scripts().size() - 2).text()).contains(" up -d");
    }

    @Test
    void deleteDestroysReleasesAndRemovesButKeepsTheLog() {
        DeleteResult result = apps.delete(app.id());

        assertThat(result.containerDestroyed()).isTrue();
        assertThat(result.portsReleased()).isEqualTo(2);
        assertThat(result.logsKept()).isTrue();
        assertThat(platform.containersById()).isEmpty();
        assertThat(records()).isEmpty();
        assertThat(leases()).isEmpty();
        assertThat(steps(apps.logs(app.id()))).endsWith("locate", "stack_down", "lxc_destroy", "delete");
        assertThatThrownBy(() -> apps.get(app.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingAnAppWhoseContainerIsGoneSucceedsAndSaysSo() {
        platform.destroyBehindTheBack(100);

        DeleteResult result = apps.delete(app.id());

        assertThat(result.containerDestroyed()).isFalse();
        assertThat(records()).isEmpty();
        assertThat(apps.logs(app.id())).anySatisfy(e -> assertThat(e.message()).contains("already gone"));
    }

    @Test
    void aContainerThatCannotBeDestroyedKeepsTheAppAsErrorAndEverythingElse() {
        platform.fail("delete", 1, () -> refused(500, "CT 100 is locked (backup)"));

        assertThatThrownBy(() -> apps.delete(app.id())).isInstanceOfSatisfying(OperationFailedException.class,
                e -> assertThat(e.failedStep()).isEqualTo("lxc_destroy"));

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.ERROR);
        assertThat(platform.containersById()).containsOnlyKeys(100);
        assertThat(leases()).hasSize(2);
    }

    @Test
    void aContainerThatIsNoLongerTheAppsIsNotDestroyed() {
        platform.destroyBehindTheBack(100);
        platform.addForeign("pve", 100, "someone-else", List.of("proximity", "proximity-other"), "proximity-app: x\n", false);

        assertThatThrownBy(() -> apps.delete(app.id())).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("another app's or installation's marker");
        assertThat(platform.containersById()).containsOnlyKeys(100);
    }

    @Test
    void anActionWaitsForAnotherOnTheSameAppAndGivesUpClearly() throws Exception {
        try (StoreLock held = store.lock("app:" + app.id(), Duration.ZERO).orElseThrow();
             var impatient = dev.proximity.core.Proximity.builder().store(store).platform(platform).guestExec(guest)
                     .catalog(dev.proximity.core.testing.TestCatalog.standard()).actionLockWait(Duration.ofMillis(100)).build()) {
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<App> stop = other.submit(() -> impatient.apps().stop(app.id()));
                assertThatThrownBy(() -> stop.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConcurrentOperationException.class)
                        .hasMessageContaining("app '" + app.id() + "'");
            } finally {
                other.shutdownNow();
            }
        }
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
    }
}
