package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AppService end to end on an SQLite store against the simulated cluster, over HTTPS (certificate
 * pinned) and SSH (host keys from known_hosts): deploy, the whole lifecycle, reconcile.
 */
class DeployEndToEndTest {

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private AppService apps;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve1", 32, 8).node("pve2", 64, 8));
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db")).build();
        apps = proximity.apps();
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @Test
    void deployedAppsRunInMarkedContainersWithTheirStackOnDisk() throws Exception {
        App nginx = apps.deploy(DeployRequest.of("nginx", "web"));
        App blog = apps.deploy(new DeployRequest("wordpress", "blog", "alice", "pve1", null, null, Map.of("memory", 2048), Map.of()));

        assertThat(nginx.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(nginx.node()).isEqualTo("pve2");
        assertThat(blog.node()).isEqualTo("pve1");
        assertThat(nginx.url()).matches("http://10\\.10\\.\\d+\\.\\d+:9100");
        SimulatedContainer container = cluster.pve().container(nginx.vmid()).orElseThrow();
        assertThat(container.running()).isTrue();
        assertThat(container.tags()).contains("proximity", "proximity-" + proximity.installationId());
        assertThat(String.valueOf(container.config().get("description"))).contains("proximity-app: nginx-web");
        assertThat(container.config()).containsEntry("features", "nesting=1").containsEntry("unprivileged", 1);
        assertThat(cluster.pve().container(blog.vmid()).orElseThrow().memoryMb()).isEqualTo(2048);

        Path stack = cluster.pve().container(blog.vmid()).orElseThrow().disk().resolve("opt/proximity/wordpress-blog");
        assertThat(Files.readString(stack.resolve("docker-compose.yml"))).contains("\"9101:80\"")
                .contains("/opt/proximity/wordpress-blog/volumes/wp_db:/var/lib/mysql");
        assertThat(Files.readString(stack.resolve(".env"))).contains("DB_PASSWORD='" + blog.environment().get("DB_PASSWORD") + "'");
        assertThat(Files.getPosixFilePermissions(stack.resolve(".env"))).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(stack.resolve("volumes/wp_html")).isDirectory();
        assertThat(stack.resolve("volumes/wp_db")).isDirectory();

        List<DeploymentLogEntry> log = apps.logs(blog.id());
        assertThat(log).extracting(DeploymentLogEntry::step).containsExactly("init", "node", "intent", "vmid", "lxc_create",
                "lxc_start", "docker_setup", "app_deploy", "health", "url", "complete");
        assertThat(log.get(6).message()).isEqualTo("docker installed with apt-get");
    }

    @Test
    void theWholeLifecycleEndsWithNothingLeft() {
        App app = apps.deploy(DeployRequest.of("adminer", "dba"));
        int vmid = app.vmid();

        assertThat(apps.stop(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(cluster.pve().container(vmid).orElseThrow().running()).isFalse();
        assertThat(apps.start(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.restart(app.id()).status()).isEqualTo(AppStatus.RUNNING);
        assertThat(apps.reconcile().actions()).isEmpty();

        DeleteResult deleted = apps.delete(app.id());

        assertThat(deleted.containerDestroyed()).isTrue();
        assertThat(cluster.pve().container(vmid)).isEmpty();
        assertThat(proximity.ports().usage()).allSatisfy(usage -> assertThat(usage.used()).isZero());
        assertThat(apps.logs(app.id())).extracting(DeploymentLogEntry::step).endsWith("lxc_destroy", "delete");
    }

    @Test
    void reconcileSeesWhatChangedBehindItsBack() {
        App app = apps.deploy(DeployRequest.of("nginx", "drifter"));
        cluster.platform().stop(app.node(), app.vmid());

        ReconcileReport report = apps.reconcile();

        assertThat(report.actions(ReconcileReport.Kind.STATUS_REFRESHED)).hasSize(1);
        assertThat(apps.get(app.id()).status()).isEqualTo(AppStatus.STOPPED);
        assertThat(cluster.pve().calls("GET", "/nodes/[^/]+/lxc/\\d+/status/current")).isEmpty();
    }
}
