package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.app.ReconcileReport.Kind;
import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.platform.NodeStatus;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.StoreLock;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.OrphanPolicy;
import dev.proximity.core.Proximity;
import dev.proximity.core.testing.TestCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reconcile: stored apps against what the online nodes hold, one list call per node. */
class ReconcileTest extends AppServiceTestBase {

    @Override
    Proximity.Builder configure(Proximity.Builder builder) {
        return builder.stuckAfter(Duration.ofMinutes(10));
    }

    private Proximity withSettings(java.util.function.UnaryOperator<Proximity.Builder> settings) {
        return settings.apply(Proximity.builder().store(store).platform(platform).guestExec(guest).catalog(TestCatalog.standard())
                .pollInterval(Duration.ofMillis(2)).healthTimeout(Duration.ofMillis(300))).build();
    }

    @Test
    void aQuietClusterChangesNothingAndCostsOneListPerNode() {
        apps.deploy(DeployRequest.of("nginx", "quiet-1"));
        apps.deploy(DeployRequest.of("nginx", "quiet-2"));
        platform.node("pve2", 8);
        int before = platform.calls().size();

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions()).isEmpty();
        assertThat(report.appsChecked()).isEqualTo(2);
        assertThat(report.containersSeen()).isEqualTo(2);
        assertThat(platform.calls().subList(before, platform.calls().size()))
                .containsExactly("nodes", "containers pve", "containers pve2");
    }

    @Test
    void statusAndUrlFollowTheContainersAndAMovedContainerUpdatesTheNode() {
        App stopped = apps.deploy(DeployRequest.of("nginx", "drift-1"));
        App started = apps.deploy(DeployRequest.of("nginx", "drift-2"));
        App moved = apps.deploy(DeployRequest.of("nginx", "drift-3"));
        apps.stop(started.id());
        platform.setRunning(stopped.vmid(), false);
        platform.setRunning(started.vmid(), true);
        platform.node("pve2", 8);
        platform.move(moved.vmid(), "pve2");

        ReconcileReport report = apps.reconcile();

        assertThat(apps.get(stopped.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(apps.get(started.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.get(moved.id()).node()).isEqualTo("pve2");
        assertThat(report.actions(Kind.STATUS_REFRESHED)).extracting(ReconcileReport.Action::appId)
                .containsExactlyInAnyOrder(stopped.id(), started.id());
        assertThat(report.actions(Kind.NODE_REFRESHED)).extracting(ReconcileReport.Action::appId).containsExactly(moved.id());
        assertThat(apps.logs(stopped.id())).last().satisfies(e -> assertThat(e.step()).isEqualTo("reconcile"));
        assertThat(apps.reconcile().actions()).isEmpty();
    }

    @Test
    void aVanishedContainerMarksTheAppErrorButAnOfflineNodeIsUnknown() {
        App vanished = apps.deploy(DeployRequest.of("nginx", "gone"));
        platform.node("pve2", 8);
        App elsewhere = apps.deploy(new DeployRequest("nginx", "away", null, "pve2", null, null, java.util.Map.of(), java.util.Map.of()));
        platform.destroyBehindTheBack(vanished.vmid());
        platform.setNodeStatus("pve2", NodeStatus.OFFLINE);

        ReconcileReport report = apps.reconcile();

        assertThat(apps.get(vanished.id()).status()).isEqualTo(AppStatus.ERROR);
        assertThat(apps.get(elsewhere.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(report.unreachableNodes()).containsExactly("pve2");
        assertThat(report.actions(Kind.MARKED_MISSING)).extracting(ReconcileReport.Action::appId).containsExactly(vanished.id());
        assertThat(report.actions(Kind.NODE_UNREACHABLE)).extracting(ReconcileReport.Action::appId).containsExactly(elsewhere.id());
    }

    @Test
    void aDeployStuckPastTheThresholdIsUndoneButALiveOneIsLeftAlone() {
        App live = stuckDeploy("live", 200, Instant.now());
        App dead = stuckDeploy("dead", 201, Instant.now().minus(Duration.ofHours(1)));
        App held = stuckDeploy("held", 202, Instant.now().minus(Duration.ofHours(1)));

        ReconcileReport report;
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<StoreLock> holding = other.submit(() -> store.lock("app:" + held.id(), Duration.ZERO).orElseThrow());
            StoreLock lock = holding.get(5, TimeUnit.SECONDS);
            report = apps.reconcile();
            other.submit(lock::close).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            other.shutdownNow();
        }

        assertThat(platform.containersById()).containsOnlyKeys(200, 202);
        assertThat(records()).extracting(App::id).containsExactlyInAnyOrder(live.id(), held.id());
        assertThat(leases()).extracting(PortLease::ownerId).doesNotContain(dead.id());
        assertThat(report.actions(Kind.STUCK_TRANSITION_RESOLVED)).extracting(ReconcileReport.Action::appId).containsExactly(dead.id());
        assertThat(report.actions(Kind.IN_PROGRESS)).extracting(ReconcileReport.Action::appId).containsExactlyInAnyOrder(live.id(), held.id());
    }

    @Test
    void orphansWithThisInstallationsMarkerAreDestroyedOthersAreNeverTouched() {
        platform.addForeign("pve", 300, "orphan", List.of("proximity", "proximity-test-inst"), "proximity-app: nginx-lost\n", true);
        platform.addForeign("pve", 301, "neighbour", List.of("proximity", "proximity-other"), "proximity-app: nginx-x\n", true);
        platform.addForeign("pve", 302, "users-own", List.of(), null, true);

        ReconcileReport report = apps.reconcile();

        assertThat(platform.containersById()).containsOnlyKeys(301, 302);
        assertThat(report.actions(Kind.ORPHAN_DESTROYED)).extracting(ReconcileReport.Action::vmid).containsExactly(300);
    }

    @Test
    void theReportPolicyOnlyReportsOrphans() {
        platform.addForeign("pve", 300, "orphan", List.of("proximity", "proximity-test-inst"), "proximity-app: nginx-lost\n", true);

        try (Proximity reporting = withSettings(b -> b.orphanPolicy(OrphanPolicy.REPORT))) {
            ReconcileReport report = reporting.apps().reconcile();
            assertThat(report.actions(Kind.ORPHAN_REPORTED)).extracting(ReconcileReport.Action::vmid).containsExactly(300);
        }
        assertThat(platform.containersById()).containsOnlyKeys(300);
    }

    @Test
    void leasesWithoutAnAppAreReleasedButLiveReservationsAreNot() {
        store.write((StoreSession s) -> {
            s.portLeases().save(new PortLease(8150, "ghost", LeaseState.BOUND, Instant.now(), null));
            s.portLeases().save(new PortLease(8151, "in-flight", LeaseState.RESERVED, Instant.now(), Instant.now().plusSeconds(600)));
            s.portLeases().save(new PortLease(8152, "stale", LeaseState.RESERVED, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(60)));
            return null;
        });

        ReconcileReport report = apps.reconcile();

        assertThat(leases()).extracting(PortLease::ownerId).containsExactly("in-flight");
        assertThat(report.actions(Kind.PORTS_RELEASED)).extracting(ReconcileReport.Action::appId).containsExactlyInAnyOrder("ghost", "stale");
    }

    @Test
    void logsOfRemovedAppsArePrunedAfterTheRetention() {
        App app = apps.deploy(DeployRequest.of("nginx", "old-news"));
        apps.delete(app.id());

        assertThat(apps.reconcile().actions(Kind.LOGS_PRUNED)).isEmpty();
        try (Proximity forgetful = withSettings(b -> b.logRetention(Duration.ZERO))) {
            assertThat(forgetful.apps().reconcile().actions(Kind.LOGS_PRUNED)).extracting(ReconcileReport.Action::appId)
                    .containsExactly(app.id());
        }
        assertThat(apps.history(app.id())).isEmpty();
    }

    @Test
    void oneReconcileAtATimePerStore() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Proximity impatient = withSettings(b -> b.reconcileLockWait(Duration.ofMillis(100)))) {
            StoreLock lock = other.submit(() -> store.lock("reconcile", Duration.ZERO).orElseThrow()).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> impatient.apps().reconcile()).isInstanceOf(ConcurrentOperationException.class)
                    .hasMessageContaining("reconcile");
            other.submit(lock::close).get(5, TimeUnit.SECONDS);
            assertThat(impatient.apps().reconcile().appsChecked()).isZero();
        } finally {
            other.shutdownNow();
        }
    }

    /** A record as a deploy that died after its create leaves it: deploying, vmid recorded, container made. */
    private App stuckDeploy(String hostname, int vmid, Instant since) {
        String appId = "nginx-" + hostname;
        platform.addForeign("pve", vmid, hostname, List.of("proximity", "proximity-test-inst"), "proximity-app: " + appId + "\n", true);
        int port = 8200 + vmid % 100;
        return store.write((StoreSession s) -> {
            s.portLeases().save(new PortLease(port, appId, LeaseState.BOUND, since, null));
            return s.apps().insert(App.builder().id(appId).catalogId("nginx").name("Nginx").hostname(hostname)
                    .status(AppStatus.DEPLOYING).vmid(vmid).node("pve").publicPort(port)
                    .createdAt(since).updatedAt(since).stateChangedAt(since).build());
        });
    }
}
