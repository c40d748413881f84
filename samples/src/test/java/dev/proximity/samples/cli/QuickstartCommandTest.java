package dev.proximity.samples.cli;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick start, end to end: simulated Proxmox over real HTTPS and SSH, a real store file.
 */
class QuickstartCommandTest {

    @TempDir
    Path dir;

    @Test
    void deploysTwoAppsRemovesOneAndLeavesATruthfulStore() {
        String url = "json:" + dir.resolve("apps.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = ProximityCommand.commandLine().execute("quickstart", "--store", url, "--hostname", "tour-1");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("completed: 5 created, 0 updated, 0 skipped, 0 errors")
                .contains("verify: 5 records compared, identical");
        assertThat(output).contains("nginx-tour-1         running").contains("docker compose up -d")
                .contains("delete adminer-hello-dba: container").contains("reconcile: 1 app(s) checked");
        try (ProximityStore store = Stores.open(url)) {
            App app = store.read((StoreSession s) -> s.apps().get("nginx-tour-1")).orElseThrow();
            assertThat(app.status()).isEqualTo(AppStatus.RUNNING);
            assertThat(app.vmid()).isNotNull();
            assertThat(app.publicPort()).isEqualTo(8100);
            assertThat(app.url()).endsWith(":9100");
            assertThat(store.read((StoreSession s) -> s.apps().get("adminer-hello-dba"))).isEmpty();
            assertThat(store.read((StoreSession s) -> s.portLeases().findByOwner("nginx-tour-1"))).hasSize(2)
                    .allSatisfy(lease -> assertThat(lease.expiresAt()).as("bound").isNull());
            assertThat(store.read((StoreSession s) -> s.deploymentLogs().forApp("nginx-tour-1"))).extracting(DeploymentLogEntry::step)
                    .containsExactly("init", "node", "intent", "vmid", "lxc_create", "lxc_start", "docker_setup", "app_deploy",
                            "health", "url", "complete");
        }
    }

    @Test
    void withProxmoxSettingsTheTourRunsAgainstThatClusterInstead() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.start(dir, pve -> pve.node("pve", 64, 16))) {
            var ssh = cluster.sshAddresses().get("pve");
            Path settings = dir.resolve("proxmox.properties");
            Files.writeString(settings, String.join("\n",
                    "proxmox.url=" + cluster.pve().url(),
                    "proxmox.token.id=" + SimulatedCluster.TOKEN_ID,
                    "proxmox.token.secret=" + SimulatedCluster.tokenSecret(),
                    "proxmox.fingerprint=" + cluster.pve().fingerprint(),
                    "proximity.ssh.password=" + SimulatedCluster.rootPassword(),
                    "proximity.ssh.known.hosts=" + cluster.knownHosts(),
                    "proximity.ssh.address.pve=" + ssh.host() + ":" + ssh.port()));
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            int exit;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                exit = ProximityCommand.commandLine().execute("quickstart", "--proxmox", settings.toString(), "--hostname", "real-1");
            } finally {
                System.setOut(original);
            }
            String output = captured.toString(StandardCharsets.UTF_8);

            assertThat(exit).as(output).isZero();
            assertThat(output).contains("Proxmox:             " + cluster.pve().url()).doesNotContain("(simulated)")
                    .doesNotContain(SimulatedCluster.tokenSecret()).contains("nginx-real-1         running");
            assertThat(cluster.pve().containers()).hasSize(1);
        }
    }
}
