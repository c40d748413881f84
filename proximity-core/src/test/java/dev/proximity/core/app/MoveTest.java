package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.platform.NodeStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.proximity.core.app.DeployFailureTest.noAnswer;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Move to another node: the record follows the container, refusals come first, a failure says where the container is. */
class MoveTest extends AppServiceTestBase {

    private App app;

    @BeforeEach
    void deployOne() {
        platform.node("pve2", 64);
        platform.node("pve3", 64);
        platform.setNodeStatus("pve3", NodeStatus.OFFLINE);
        app = apps.deploy(new DeployRequest("nginx", "mover", null, "pve", null, null, null, null));
    }

    @Test
    void aRunningAppMovesAndComesUpOnTheTarget() {
        App moved = apps.move(app.id(), "pve2");

        assertThat(moved.node()).isEqualTo("pve2");
        assertThat(moved.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(moved.url()).isNotNull();
        assertThat(platform.containersById().get(app.vmid()).node()).isEqualTo("pve2");
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(steps(apps.logs(app.id()))).endsWith("migrate", "app_deploy", "health", "url");
    }

    @Test
    void aStoppedAppMovesAndStaysStopped() {
        apps.stop(app.id());

        App moved = apps.move(app.id(), "pve2");

        assertThat(moved.node()).isEqualTo("pve2");
        assertThat(moved.status()).isEqualTo(AppStatus.STOPPED);
    }

    @Test
    void impossibleTargetsAreRefusedBeforeAnythingMoves() {
        assertThatThrownBy(() -> apps.move(app.id(), "pve")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is the node the app is on");
        assertThatThrownBy(() -> apps.move(app.id(), "nowhere")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a node of the cluster");
        assertThatThrownBy(() -> apps.move(app.id(), "pve3")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not online");
        assertThat(platform.calls("migrate")).isZero();
    }

    @Test
    void aFailedMoveLeavesTheAppRunningOnTheSource() {
        platform.fail("migrate", 1, () -> task("cannot migrate local bind mount point 'mp0'"));

        assertThatThrownBy(() -> apps.move(app.id(), "pve2")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("local bind mount");

        App after = apps.get(app.id());
        assertThat(after.node()).isEqualTo("pve");
        assertThat(after.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).node()).isEqualTo("pve");
    }

    @Test
    void aLostAnswerAfterTheMoveFinishesTheMoveWhereTheContainerArrived() {
        platform.failAfterEffect("migrate", 1, () -> noAnswer("POST /nodes/pve/lxc/100/migrate"));

        App moved = apps.move(app.id(), "pve2");

        assertThat(moved.node()).isEqualTo("pve2");
        assertThat(moved.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).node()).isEqualTo("pve2");
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertThat(apps.logs(app.id()).stream().map(DeploymentLogEntry::message))
                .anyMatch(message -> message.contains("reached node pve2 although the step failed"));
    }
}
