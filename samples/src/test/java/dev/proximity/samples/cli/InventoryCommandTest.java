package dev.proximity.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.samples.support.CommandRun;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code inventory} commands against the simulated cluster over HTTPS: sync, list, history, drift, exit codes. */
class InventoryCommandTest {

    @TempDir
    Path directory;

    private SimulatedCluster cluster;
    private Path settings;
    private String store;
    private String out = "";
    private String err = "";

    @BeforeEach
    void startCluster() throws IOException {
        cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 64, 16).node("pve2", 64, 16));
        settings = directory.resolve("proxmox.properties");
        Files.writeString(settings, String.join("\n",
                "proxmox.url=" + cluster.pve().url(),
                "proxmox.token.id=" + SimulatedCluster.TOKEN_ID,
                "proxmox.token.secret=" + SimulatedCluster.tokenSecret(),
                "proxmox.fingerprint=" + cluster.pve().fingerprint()));
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
    void syncListHistoryAndDrift() throws IOException {
        cluster.pve().seedContainer("pve", 101, "web", List.of("blue"), null, true);
        cluster.pve().seedContainer("pve2", 102, "db", List.of(), null, false);

        assertThat(run("inventory", "sync", "--store", store, "--proxmox", settings.toString())).as(err).isZero();
        assertThat(out).contains("8 resource(s) seen; 8 discovered").doesNotContain(SimulatedCluster.tokenSecret());

        assertThat(run("inventory", "list", "--store", store, "--type", "lxc")).isZero();
        assertThat(out).containsPattern("lxc/101\\s+lxc\\s+pve\\s+web\\s+running\\s+-\\s+blue")
                .containsPattern("lxc/102\\s+lxc\\s+pve2\\s+db\\s+stopped").contains("2 resource(s) match");
        assertThat(run("inventory", "list", "--store", store, "--tag", "blue", "--json")).isZero();
        JsonNode page = new ObjectMapper().readTree(out);
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("observed").get("id").asText()).isEqualTo("lxc/101");

        cluster.platform().updateConfig("pve", 101, Map.of("cores", "4"));
        cluster.pve().setNodeStatus("pve2", "offline");
        assertThat(run("inventory", "sync", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("2 updated").contains("node pve2 did not answer");
        assertThat(run("inventory", "history", "lxc/101", "--store", store)).isZero();
        assertThat(out).containsPattern("discovered\\s+lxc/101").containsPattern("updated\\s+lxc/101").contains("2 snapshot(s)");

        assertThat(run("inventory", "drift", "--store", store, "--proxmox", settings.toString())).isZero();
        assertThat(out).contains("in sync");
        cluster.pve().seedContainer("pve", 150, "stray", List.of("proximity"), null, false);
        assertThat(run("inventory", "drift", "--store", store, "--proxmox", settings.toString())).isEqualTo(1);
        assertThat(out).contains("unexplained CT 150 (stray)").contains("not in sync");

        assertThat(run("inventory", "list", "--store", store, "--type", "bogus")).isEqualTo(2);
        assertThat(err).contains("unknown resource type 'bogus'");
    }
}
