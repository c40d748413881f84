package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.PlatformTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.proximity.core.app.DeployFailureTest.noAnswer;
import static dev.proximity.core.app.DeployFailureTest.refused;
import static dev.proximity.core.app.DeployFailureTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clone, every step against every kind of failure (refused, failed task, lost answer, a guest
 * command that fails): never an orphan container, snapshot, record or lease, and the source as it was.
 */
class CloneFaultMatrixTest extends AppServiceTestBase {

    record Case(String name, Consumer<CloneFaultMatrixTest> inject) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String method : List.of("nextFreeVmid", "createSnapshot", "cloneContainer", "start")) {
            cases.add(new Case(method + " refused", t -> t.platform.fail(method, 1, () -> refused(500, "got timeout"))));
            cases.add(new Case(method + " no answer", t -> t.platform.fail(method, 1, () -> noAnswer("POST " + method))));
        }
        for (String method : List.of("createSnapshot", "cloneContainer", "start")) {
            cases.add(new Case(method + " failed task", t -> t.platform.fail(method, 1, () -> task(method + " failed"))));
            cases.add(new Case(method + " failed after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> noAnswer("POST " + method))));
            cases.add(new Case(method + " timed out after its effect", t -> t.platform.failAfterEffect(method, 1,
                    () -> new PlatformTimeoutException("waiting for the task of " + method, Duration.ofSeconds(30)))));
        }
        for (String fragment : List.of("mv \"$from\"", " up -d", "nc -z")) {
            cases.add(new Case("guest '" + fragment + "' fails", t -> t.guest.fail(fragment, 1000,
                    () -> new GuestCommandException("pve", 101, fragment, 1, "failed"))));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFailedCloneLeavesOnlyTheSource(Case fault) {
        App source = apps.deploy(DeployRequest.of("nginx", "original"));
        fault.inject().accept(this);

        assertThatThrownBy(() -> apps.clone(source.id(), "copy")).isInstanceOf(OperationFailedException.class);

        assertThat(records()).extracting(App::id).containsExactly(source.id());
        assertThat(leases()).allMatch(lease -> lease.ownerId().equals(source.id()));
        assertThat(platform.containersById()).containsOnlyKeys(source.vmid());
        assertThat(platform.containersById().get(source.vmid()).snapshotNames()).isEmpty();
        assertThat(apps.get(source.id())).isEqualTo(source);
        assertThat(platform.containersById().get(source.vmid()).running()).isTrue();
    }
}
