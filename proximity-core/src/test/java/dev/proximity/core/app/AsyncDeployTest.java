package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.PendingDeployment;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.core.Proximity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asynchronous deploys on the bounded executor, and a close that never abandons a half-made container. */
class AsyncDeployTest extends AppServiceTestBase {

    @Override
    Proximity.Builder configure(Proximity.Builder builder) {
        return builder.deployExecutor(1, 1).closeTimeout(Duration.ofMillis(200), Duration.ofSeconds(20));
    }

    @Test
    void anAsynchronousDeployReturnsAtOnceAndCompletesWithTheRunningApp() throws Exception {
        PendingDeployment pending = apps.deployAsync(DeployRequest.of("nginx", "later"));

        assertThat(pending.appId()).isEqualTo("nginx-later");
        App app = pending.result().get(30, TimeUnit.SECONDS);
        assertThat(app.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.logs(app.id())).allSatisfy(e -> assertThat(e.deploymentId()).isEqualTo(pending.deploymentId()));
    }

    @Test
    void failuresCompleteTheFutureExceptionally() {
        apps.deploy(DeployRequest.of("nginx", "dup"));

        PendingDeployment pending = apps.deployAsync(DeployRequest.of("nginx", "dup"));

        assertThatThrownBy(() -> pending.result().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void aFullQueueRefusesWithAClearMessage() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        guest.fail(" up -d", 1, () -> {
            await(release);
            return new RuntimeException("released");
        });
        PendingDeployment running = apps.deployAsync(DeployRequest.of("nginx", "q-1"));
        PendingDeployment queued = apps.deployAsync(DeployRequest.of("nginx", "q-2"));

        assertThatThrownBy(() -> apps.deployAsync(DeployRequest.of("nginx", "q-3")))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("nginx-q-3").hasMessageContaining("retry later");
        release.countDown();
        assertThatThrownBy(() -> running.result().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DeploymentFailedException.class);
        assertThat(queued.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(AppStatus.RUNNING);
    }

    @Test
    void closingDuringADeployCancelsItAndUndoesTheContainer() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        // Slow enough that close() and its grace period surely end while the step still runs.
        guest.slow(" up -d", Duration.ofSeconds(3), inside);
        PendingDeployment pending = apps.deployAsync(DeployRequest.of("nginx", "interrupted"));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        proximity.close();

        assertThatThrownBy(() -> pending.result().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DeploymentFailedException.class, e -> {
                    assertThat(e.failedStep()).isEqualTo("health");
                    assertThat(e.getMessage()).contains("closing");
                    assertThat(e.undone()).isTrue();
                });
        assertThat(platform.containersById()).isEmpty();
        assertThat(leases()).isEmpty();
        assertThat(records()).isEmpty();
        assertThatThrownBy(() -> apps.deploy(DeployRequest.of("nginx", "too-late"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closing");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
