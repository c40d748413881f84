package dev.proximity.core.app;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Update, move, resize and adopt, each step against each kind of failure: the app ends in a state
 * true to its container, with no leftover snapshot, record or lease.
 */
class OperationsFaultMatrixTest extends AppServiceTestBase {

    static List<FaultCase> updateCases() {
        List<FaultCase> cases = FaultCase.platform(List.of("createSnapshot"));
        cases.addAll(FaultCase.guest(List.of(" pull", " up -d", "nc -z"), 100));
        return cases;
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("updateCases")
    void aFailedUpdateLeavesTheAppRunningWithoutARestorePoint(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        fault.injectInto(this);

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(OperationFailedException.class);

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
    }

    static List<FaultCase> moveCases() {
        List<FaultCase> cases = FaultCase.platform(List.of("migrate"));
        cases.addAll(FaultCase.guest(List.of(" up -d", "nc -z"), 100));
        return cases;
    }

    @ParameterizedTest(name = "move: {0}")
    @MethodSource("moveCases")
    void aFailedMoveLeavesTheRecordWhereTheContainerIs(FaultCase fault) {
        platform.node("pve2", 64);
        App app = apps.deploy(new DeployRequest("nginx", "site", null, "pve", null, null, null, null));
        fault.injectInto(this);

        try {
            apps.move(app.id(), "pve2");
            assertThat(fault.name()).as("only a failure that hid a finished move lets the move go on")
                    .contains("after its effect");
        } catch (OperationFailedException failed) {
            // the record says where the container is
        }

        App after = apps.get(app.id());
        var container = platform.containersById().get(app.vmid());
        assertThat(after.node()).isEqualTo(container.node());
        assertThat(after.status()).isIn(AppStatus.RUNNING, AppStatus.ERROR);
        if (after.status() == AppStatus.RUNNING) {
            assertThat(container.running()).isTrue();
        }
    }

    static List<FaultCase> resizeCases() {
        return FaultCase.platform(List.of("updateConfig", "resizeDisk"));
    }

    @ParameterizedTest(name = "resize: {0}")
    @MethodSource("resizeCases")
    void aFailedResizeLeavesTheContainerAsItWasOrAsAsked(FaultCase fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        Map<String, String> before = platform.containersById().get(app.vmid()).config();
        fault.injectInto(this);

        assertThatThrownBy(() -> apps.resize(app.id(), new ResizeRequest(2, 1024, 12))).isInstanceOf(OperationFailedException.class);

        Map<String, String> after = platform.containersById().get(app.vmid()).config();
        App record = apps.get(app.id());
        assertThat(record.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(after.get("cores")).isEqualTo(before.get("cores"));
        assertThat(after.get("memory")).isEqualTo(before.get("memory"));
        assertThat(record.config()).containsEntry("cores", Integer.parseInt(before.get("cores")));
    }

    static List<FaultCase> adoptCases() {
        return FaultCase.platform(List.of("config", "updateConfig", "status"));
    }

    @ParameterizedTest(name = "adopt: {0}")
    @MethodSource("adoptCases")
    void aFailedAdoptionLeavesTheContainerUnmanagedAndNoRecordOrLease(FaultCase fault) {
        platform.addForeign("pve", 300, "handmade", List.of("web"), "by hand", true);
        fault.injectInto(this);

        Supplier<App> adopt = () -> apps.adopt(AdoptRequest.of(300, "nginx"));
        App adopted = null;
        try {
            adopted = adopt.get();
        } catch (RuntimeException expected) {
            // a refused read fails before anything is recorded; a failed step is undone
        }
        var config = platform.containersById().get(300).config();
        if (adopted == null) {
            assertThat(records()).isEmpty();
            assertThat(leases()).isEmpty();
            assertThat(config.get("tags")).isEqualTo("web");
            assertThat(config.get("description")).isEqualTo("by hand");
        } else {
            assertThat(config.get("tags")).contains("proximity-test-inst");
            assertThat(records()).extracting(App::id).containsExactly(adopted.id());
        }
        assertThat(platform.containersById().get(300).running()).isTrue();
    }
}
