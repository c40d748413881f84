package dev.proximity.samples.guide;

import dev.proximity.samples.support.SharedPostgres;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding sample runs on each store against the simulated cluster, so it cannot rot. */
class EmbeddingSampleTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "sqlite", "postgresql"})
    void theSameProgramRunsOnEveryStore(String kind) {
        String url = switch (kind) {
            case "json" -> "json:" + directory.resolve("apps.json");
            case "sqlite" -> "jdbc:sqlite:" + directory.resolve("proximity.db");
            default -> SharedPostgres.newDatabaseUrl();
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve.node("pve", 64, 16))) {
            long running = EmbeddingSample.run(url, cluster.platform(), cluster.guest(), SimulatedCluster.catalog(),
                    new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(running).isEqualTo(1);
            assertThat(cluster.pve().containers()).hasSize(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("removed wordpress-blog: 2 port leases released");
        }
    }
}
