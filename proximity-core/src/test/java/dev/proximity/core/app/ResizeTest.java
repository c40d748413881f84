package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resize: cores and memory live, the root disk only grows, checked first, set back when the disk step fails. */
class ResizeTest extends AppServiceTestBase {

    private App app;

    @BeforeEach
    void deployOne() {
        app = apps.deploy(DeployRequest.of("nginx", "sized"));
    }

    private String config(String key) {
        return platform.containersById().get(app.vmid()).config().get(key);
    }

    @Test
    void coresMemoryAndDiskChangeAndTheRecordFollows() {
        App resized = apps.resize(app.id(), new ResizeRequest(2, 1024, 12));

        assertThat(config("cores")).isEqualTo("2");
        assertThat(config("memory")).isEqualTo("1024");
        assertThat(config("rootfs")).endsWith("size=12G");
        assertThat(resized.config()).containsEntry("cores", 2).containsEntry("memory", 1024);
        assertThat(resized.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(steps(apps.logs(app.id()))).endsWith("resize_config", "resize_disk");
    }

    @Test
    void everythingIsCheckedBeforeAnythingChanges() {
        long configCalls = platform.calls("updateConfig");
        assertThatThrownBy(() -> apps.resize(app.id(), new ResizeRequest(2, 1024, 4)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("shrink");
        assertThatThrownBy(() -> apps.resize(app.id(), ResizeRequest.of(1, 128)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("catalog minimum of 256 MB");
        assertThatThrownBy(() -> apps.resize(app.id(), ResizeRequest.of(64, 512)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("more than node pve has (16)");
        assertThatThrownBy(() -> apps.resize(app.id(), ResizeRequest.of(2, 1_000_000)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("MB free");
        assertThatThrownBy(() -> new ResizeRequest(null, null, null)).isInstanceOf(InvalidRequestException.class);

        assertThat(platform.calls("updateConfig")).isEqualTo(configCalls);
        assertThat(platform.calls("resizeDisk")).isZero();
        assertThat(config("cores")).isEqualTo("1");
    }

    @Test
    void aFailedDiskStepSetsCoresAndMemoryBack() {
        platform.fail("resizeDisk", 1, () -> task("resize failed: lvextend: insufficient free space"));

        assertThatThrownBy(() -> apps.resize(app.id(), new ResizeRequest(2, 1024, 40)))
                .isInstanceOf(OperationFailedException.class).hasMessageContaining("resize_disk");

        assertThat(config("cores")).isEqualTo("1");
        assertThat(config("memory")).isEqualTo("256");
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.get(app.id()).config()).containsEntry("cores", 1);
        assertThat(steps(apps.logs(app.id()))).contains("resize_undo");
    }
}
