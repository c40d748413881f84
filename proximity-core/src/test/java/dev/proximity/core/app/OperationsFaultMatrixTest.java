package dev.proximity.core.app;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.PlatformTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.proximity.core.app.DeployFailureTest.noAnswer;
import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Update, move, resize and adopt, each step against each kind of failure: the app ends in a state
 * true to its container, with no leftover snapshot, record or lease.
 */
class OperationsFaultMatrixTest extends AppServiceTestBase {

    record Case(String name, Consumer<OperationsFaultMatrixTest> inject) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Case> platformFaults(List<String> methods) {
        List<Case> cases = new ArrayList<>();
        for (String method : methods) {
            cases.add(new Case(method + " refused", t -> t.platform.fail(method, 1, () -> refused(500, "got timeout"))));
            cases.add(new Case(method + " failed task", t -> t.platform.fail(method, 1, () -> task(method + " failed"))));
            cases.add(new Case(method + " no answer after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> noAnswer("POST " + method))));
            cases.add(new Case(method + " timed out after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> new PlatformTimeoutException("waiting for the task of " + method, Duration.ofSeconds(30)))));
        }
        return cases;
    }

    private static List<Case> guestFaults(List<String> fragments) {
        List<Case> cases = new ArrayList<>();
        for (String fragment : fragments) {
            cases.add(new Case("guest '" + fragment.strip() + "' fails", t -> t.guest.fail(fragment, 1,
                    () -> new GuestCommandException("pve", 100, fragment, 1, "failed"))));
        }
        return cases;
    }

    static List<Case> updateCases() {
        List<Case> cases = platformFaults(List.of("createSnapshot"));
        cases.addAll(guestFaults(List.of(" pull", " up -d", "nc -z")));
        return cases;
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("updateCases")
    void aFailedUpdateLeavesTheAppRunningWithoutARestorePoint(Case fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        fault.inject().accept(this);

        assertThatThrownBy(() -> apps.update(app.id())).isInstanceOf(OperationFailedException.class);

        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(platform.containersById().get(app.vmid()).running()).isTrue();
        assertThat(guest.stackUp(app.vmid())).isTrue();
        assertThat(platform.containersById().get(app.vmid()).snapshotNames()).isEmpty();
    }

    static List<Case> moveCases() {
        List<Case> cases = platformFaults(List.of("migrate"));
        cases.addAll(guestFaults(List.of(" up -d", "nc -z")));
        return cases;
    }

    @ParameterizedTest(name = "move: {0}")
    @MethodSource("moveCases")
    void aFailedMoveLeavesTheRecordWhereTheContainerIs(Case fault) {
        platform.node("pve2", 64);
        App app = apps.deploy(new DeployRequest("nginx", "site", null, "pve", null, null, null, null));
        fault.inject().accept(this);

        assertThatThrownBy(() -> apps.move(app.id(), "pve2")).isInstanceOf(OperationFailedException.class);

        App after = apps.get(app.id());
        var container = platform.containersById().get(app.vmid());
        assertThat(after.node()).isEqualTo(container.node());
        assertThat(after.status()).isIn(AppStatus.RUNNING, AppStatus.ERROR);
        if (after.status() == AppStatus.RUNNING) {
            assertThat(container.running()).isTrue();
        }
    }

    static List<Case> resizeCases() {
        return platformFaults(List.of("updateConfig", "resizeDisk"));
    }

    @ParameterizedTest(name = "resize: {0}")
    @MethodSource("resizeCases")
    void aFailedResizeLeavesTheContainerAsItWasOrAsAsked(Case fault) {
        App app = apps.deploy(DeployRequest.of("nginx", "site"));
        Map<String, String> before = platform.containersById().get(app.vmid()).config();
        fault.inject().accept(this);

        assertThatThrownBy(() -> apps.resize(app.id(), new ResizeRequest(2, 1024, 12))).isInstanceOf(OperationFailedException.class);

        Map<String, String> after = platform.containersById().get(app.vmid()).config();
        App record = apps.get(app.id());
        assertThat(record.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(after.get("cores")).isEqualTo(before.get("cores"));
        assertThat(after.get("memory")).isEqualTo(before.get("memory"));
        assertThat(record.config()).containsEntry("cores", Integer.parseInt(before.get("cores")));
    }

    static List<Case> adoptCases() {
        return platformFaults(List.of("config", "updateConfig", "status"));
    }

    @ParameterizedTest(name = "adopt: {0}")
    @MethodSource("adoptCases")
    void aFailedAdoptionLeavesTheContainerUnmanagedAndNoRecordOrLease(Case fault) {
        platform.addForeign("pve", 300, "handmade", List.of("web"), "by hand", true);
        fault.inject().accept(this);

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
