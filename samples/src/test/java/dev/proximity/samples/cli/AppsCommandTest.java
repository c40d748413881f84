package dev.proximity.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.samples.support.CommandRun;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code apps} commands against the simulated cluster over HTTPS and SSH: tables, JSON, exit codes. */
class AppsCommandTest {

    @TempDir
    Path directory;

    private SimulatedCluster cluster;
    private Path settings;
    private String store;
    private String out = "";
    private String err = "";

    @BeforeEach
    void startCluster() throws IOException {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 64, 16));
        var ssh = cluster.sshAddresses().get("pve");
        settings = directory.resolve("proxmox.properties");
        Files.writeString(settings, String.join("\n",
                "proxmox.url=" + cluster.pve().url(),
                "proxmox.token.id=" + SimulatedCluster.TOKEN_ID,
                "proxmox.token.secret=" + SimulatedCluster.tokenSecret(),
                "proxmox.fingerprint=" + cluster.pve().fingerprint(),
                "proximity.ssh.user=root",
                "proximity.ssh.password=" + SimulatedCluster.rootPassword(),
                "proximity.ssh.known.hosts=" + cluster.knownHosts(),
                "proximity.ssh.address.pve=" + ssh.host() + ":" + ssh.port()));
        store = "jdbc:sqlite:" + directory.resolve("proximity.db");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private int run(String... args) {
        CommandRun run = CommandRun.of(args);
        out = run.out();
        err = run.err();
        return run.exit();
    }

    @Test
    void deployListShowLogsStopStartRestartDeleteAndReconcile() throws IOException {
        assertThat(run("apps", "deploy", "nginx", "web", "--store", store, "--proxmox", settings.toString()))
                .as(err).isZero();
        assertThat(out).contains("lxc_create").contains("nginx-web running on pve CT ");

        assertThat(run("apps", "list", "--store", store)).isZero();
        assertThat(out).containsPattern("nginx-web\\s+running\\s+pve\\s+\\d+\\s+8100/9100").contains("1 app(s)");
        assertThat(run("apps", "list", "--store", store, "--json")).isZero();
        JsonNode list = new ObjectMapper().readTree(out);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo("nginx-web");
        assertThat(list.get(0).get("status").asText()).isEqualTo("RUNNING");

        assertThat(run("apps", "show", "nginx-web", "--store", store)).isZero();
        assertThat(out).contains("status:    running").contains("ports:     8100 public, 9100 internal");
        assertThat(run("apps", "logs", "nginx-web", "--store", store)).isZero();
        assertThat(out).contains("complete");

        assertThat(run("apps", "stop", "nginx-web", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("nginx-web stopped");
        assertThat(run("apps", "start", "nginx-web", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("nginx-web running");
        assertThat(run("apps", "restart", "nginx-web", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(run("apps", "reconcile", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("1 app(s) checked against 1 container(s), 0 change(s)");
        assertThat(run("apps", "delete", "nginx-web", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("nginx-web deleted: container").contains("destroyed, 2 port leases released");
        assertThat(run("apps", "list", "--store", store)).isZero();
        assertThat(out).contains("0 app(s)");
    }

    @Test
    void aFailedDeployExitsOneAndAnUnknownAppOrMissingSettingExitsTwo() throws IOException {
        cluster.pve().inject(Fault.on("POST", "/nodes/pve/lxc").failTask("unable to create CT - out of space"));

        assertThat(run("apps", "deploy", "nginx", "web", "--store", store, "--proxmox", settings.toString())).isEqualTo(1);
        assertThat(err).contains("error: ").contains("out of space");

        assertThat(run("apps", "show", "nope", "--store", store)).isEqualTo(2);
        assertThat(err).contains("nope");

        Path partial = directory.resolve("partial.properties");
        Files.writeString(partial, "proxmox.url=" + cluster.pve().url() + "\nproxmox.token.secret=" + SimulatedCluster.tokenSecret() + "\n");
        assertThat(run("apps", "start", "x", "--store", store, "--proxmox", partial.toString())).isEqualTo(2);
        assertThat(err).contains("proxmox.token.id").contains("PROXMOX_TOKEN_ID")
                .doesNotContain(SimulatedCluster.tokenSecret());
    }

    @Test
    void operationsUpdateCloneSnapshotBackupResizeDiscoverAndAdopt() {
        String[] proxmox = {"--store", store, "--proxmox", settings.toString()};
        assertThat(run(concat(new String[] {"apps", "deploy", "nginx", "web"}, proxmox))).as(err).isZero();

        assertThat(run(concat(new String[] {"apps", "update", "nginx-web"}, proxmox))).as(err).isZero();
        assertThat(out).contains("nginx-web running");
        assertThat(run(concat(new String[] {"apps", "snapshot", "create", "nginx-web", "before"}, proxmox))).as(err).isZero();
        assertThat(run(concat(new String[] {"apps", "snapshot", "list", "nginx-web"}, proxmox))).isZero();
        assertThat(out).contains("before");
        assertThat(run(concat(new String[] {"apps", "snapshot", "rollback", "nginx-web", "before"}, proxmox))).isZero();
        assertThat(run(concat(new String[] {"apps", "snapshot", "delete", "nginx-web", "before"}, proxmox))).isZero();
        assertThat(run(concat(new String[] {"apps", "snapshot", "frobnicate", "nginx-web"}, proxmox))).isEqualTo(2);
        assertThat(err).contains("unknown snapshot action");

        assertThat(run(concat(new String[] {"apps", "backup", "create", "nginx-web", "--mode", "stop", "--compress", "gzip"},
                proxmox))).as(err).isZero();
        assertThat(out).startsWith("backup b-").contains(".tar.gz");
        String backupId = out.substring("backup ".length(), out.indexOf(' ', "backup ".length()));
        assertThat(run(concat(new String[] {"apps", "backup", "list", "nginx-web"}, proxmox))).isZero();
        assertThat(out).contains(backupId).contains("completed");
        assertThat(run(concat(new String[] {"apps", "backup", "restore-as-new", backupId, "--hostname", "web-back"}, proxmox)))
                .as(err).isZero();
        assertThat(out).contains("nginx-web-back running");
        assertThat(run(concat(new String[] {"apps", "backup", "restore", backupId}, proxmox))).as("the app runs").isEqualTo(1);
        assertThat(err).contains("stopped");
        assertThat(run(concat(new String[] {"apps", "backup", "delete", backupId}, proxmox))).as(err).isZero();
        assertThat(run(concat(new String[] {"apps", "backup", "frobnicate", "nginx-web"}, proxmox))).isEqualTo(2);
        assertThat(err).contains("unknown backup action");

        assertThat(run(concat(new String[] {"apps", "resize", "nginx-web", "--cores", "2", "--disk", "10"}, proxmox))).as(err).isZero();
        assertThat(run(concat(new String[] {"apps", "resize", "nginx-web", "--disk", "2"}, proxmox))).isEqualTo(2);
        assertThat(err).contains("shrink");

        assertThat(run(concat(new String[] {"apps", "clone", "nginx-web", "web-copy"}, proxmox))).as(err).isZero();
        assertThat(out).contains("nginx-web-copy running");

        cluster.pve().seedContainer("pve", 900, "stray", java.util.List.of(), null, true);
        assertThat(run(concat(new String[] {"apps", "discover"}, proxmox))).isZero();
        assertThat(out).contains("CT 900").contains("1 container(s)");
        assertThat(run(concat(new String[] {"apps", "adopt", "900", "nginx"}, proxmox))).as(err).isZero();
        assertThat(out).contains("nginx-stray running on pve CT 900");
        assertThat(run(concat(new String[] {"apps", "adopt", "900", "nginx"}, proxmox))).as("already managed").isEqualTo(1);
        assertThat(err).contains("already exists");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
