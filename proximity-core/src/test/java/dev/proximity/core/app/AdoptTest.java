package dev.proximity.core.app;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DiscoveredContainer;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.proximity.core.app.DeployFailureTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discover and adopt: containers no installation manages, taken under management without touching what runs inside. */
class AdoptTest extends AppServiceTestBase {

    private App ours;

    @BeforeEach
    void cluster() {
        ours = apps.deploy(DeployRequest.of("nginx", "ours"));
        platform.addForeign("pve", 200, "handmade", List.of("web"), "built by hand", true);
        platform.addForeign("pve", 201, "legacy", List.of("proximity"), null, false);
        platform.addForeign("pve", 202, "theirs", List.of("proximity", "proximity-other"), null, true);
    }

    @Test
    void discoverListsOnlyContainersNoInstallationManages() {
        assertThat(apps.discover()).extracting(DiscoveredContainer::vmid).containsExactly(200, 201);
    }

    @Test
    void adoptingRecordsLeasesTagsAndTakesTheContainersState() {
        App adopted = apps.adopt(AdoptRequest.of(200, "nginx"));

        assertThat(adopted.id()).isEqualTo("nginx-handmade");
        assertThat(adopted.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(adopted.vmid()).isEqualTo(200);
        assertThat(adopted.url()).isEqualTo("http://10.0.0.200:80");
        assertThat(leases()).filteredOn(lease -> lease.ownerId().equals(adopted.id())).hasSize(2);
        var config = platform.containersById().get(200).config();
        assertThat(config.get("tags")).contains("web", "proximity", "proximity-test-inst");
        assertThat(config.get("description")).contains("proximity-app: nginx-handmade").endsWith("built by hand");
        assertThat(steps(apps.logs(adopted.id()))).containsExactly("adopt", "intent", "mark", "settle");
        assertThat(apps.discover()).extracting(DiscoveredContainer::vmid).containsExactly(201);

        App stopped = apps.adopt(new AdoptRequest(201, "nginx", "old-site", "alice"));
        assertThat(stopped.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(stopped.ownerId()).isEqualTo("alice");

        ReconcileReport report = apps.reconcile();
        assertThat(report.actions(ReconcileReport.Kind.ORPHAN_DESTROYED)).isEmpty();
        assertThat(platform.containersById()).containsKeys(200, 201, 202, ours.vmid());
    }

    @Test
    void managedUnknownAndTakenContainersAreClearErrors() {
        assertThatThrownBy(() -> apps.adopt(AdoptRequest.of(202, "nginx"))).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("managed container");
        assertThatThrownBy(() -> apps.adopt(AdoptRequest.of(ours.vmid(), "nginx"))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> apps.adopt(AdoptRequest.of(999, "nginx"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> apps.adopt(new AdoptRequest(200, "wordpress", "ours", null))).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("hostname");
        assertThat(records()).hasSize(1);
        assertThat(platform.containersById().get(200).config().get("tags")).isEqualTo("web");
    }

    @Test
    void aFailedStepSetsTheContainerBackAndLeavesNoRecordOrLease() {
        platform.fail("status", 1, () -> refused(500, "proxy timeout"));

        assertThatThrownBy(() -> apps.adopt(AdoptRequest.of(200, "nginx"))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("settle");

        assertThat(records()).extracting(App::id).containsExactly(ours.id());
        assertThat(leases()).allMatch(lease -> lease.ownerId().equals(ours.id()));
        var config = platform.containersById().get(200).config();
        assertThat(config.get("tags")).isEqualTo("web");
        assertThat(config.get("description")).isEqualTo("built by hand");
        assertThat(platform.containersById().get(200).running()).isTrue();
        assertThat(apps.discover()).extracting(DiscoveredContainer::vmid).contains(200);
    }
}
