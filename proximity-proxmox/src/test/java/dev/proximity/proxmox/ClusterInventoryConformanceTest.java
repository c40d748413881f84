package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import dev.proximity.proxmox.simulator.SimulatedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster-wide read the inventory makes: {@code /cluster/resources} and node task lists, over HTTPS. */
class ClusterInventoryConformanceTest {

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;

    @BeforeEach
    void start() {
        pve = Pve.fastSimulator().node("pve1", 8, 4).node("pve2", 8, 4)
                .node(new SimulatedNode("pve3", 8L << 30, 4, "offline")).start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
        pve.seedContainer("pve1", 101, "web", List.of("proximity", "proximity-abc"), null, true);
        pve.seedContainer("pve2", 102, "db", List.of(), null, false);
        pve.seedContainer("pve3", 103, "far", List.of(), null, true);
        pve.seedVm("pve2", 200, "windows", List.of("vm"), true);
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    private Map<String, ObservedResource> resources() {
        return platform.resources().stream().collect(Collectors.toMap(ObservedResource::id, Function.identity()));
    }

    @Test
    void oneCallReportsNodesGuestsAndStorageWithProxmoxIds() {
        Map<String, ObservedResource> all = resources();

        assertThat(all.keySet()).containsExactlyInAnyOrder("node/pve1", "node/pve2", "node/pve3", "lxc/101", "lxc/102",
                "lxc/103", "qemu/200", "storage/pve1/local", "storage/pve1/local-lvm", "storage/pve2/local",
                "storage/pve2/local-lvm", "storage/pve3/local", "storage/pve3/local-lvm");
        assertThat(pve.calls("GET", "/cluster/resources")).hasSize(1);
        ObservedResource web = all.get("lxc/101");
        assertThat(web.type()).isEqualTo(ResourceType.LXC);
        assertThat(web.vmid()).isEqualTo(101);
        assertThat(web.node()).isEqualTo("pve1");
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.status()).isEqualTo("running");
        assertThat(web.tags()).containsExactly("proximity", "proximity-abc");
        assertThat(web.properties()).containsKeys("maxmem", "maxcpu", "maxdisk", "template").doesNotContainKeys("cpu", "mem", "uptime");
        assertThat(web.metrics()).containsKeys("cpu", "mem", "uptime", "netin", "netout");
        assertThat(all.get("qemu/200").type()).isEqualTo(ResourceType.QEMU);
        assertThat(all.get("storage/pve1/local-lvm").name()).isEqualTo("local-lvm");
        assertThat(all.get("storage/pve1/local-lvm").properties()).containsEntry("plugintype", "lvmthin");
        assertThat(all.get("node/pve2").status()).isEqualTo("online");
    }

    @Test
    void anOfflineNodeIsListedWithItsGuestsUnknownAndItsTaskListRefused() {
        Map<String, ObservedResource> all = resources();

        assertThat(all.get("node/pve3").status()).isEqualTo("offline");
        assertThat(all.get("lxc/103").status()).isEqualTo("unknown");
        assertThat(all.get("lxc/103").metrics()).isEmpty();
        assertThat(all.get("storage/pve3/local").status()).isEqualTo("unknown");
        assertThatThrownBy(() -> platform.tasks("pve3", null, 10)).isInstanceOfSatisfying(PlatformRefusedException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(595));
    }

    @Test
    void taskListsShowRunningAndFinishedTasksNewestFirstFilteredBySince() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        int vmid = Pve.create(platform, "pve1", Pve.spec("fresh"));
        platform.start("pve1", vmid);

        List<ObservedResource> tasks = platform.tasks("pve1", null, 50);

        assertThat(tasks).extracting(ObservedResource::name).containsExactly("vzstart", "vzcreate");
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.type()).isEqualTo(ResourceType.TASK);
            assertThat(task.id()).startsWith("task/UPID:pve1:");
            assertThat(task.vmid()).isEqualTo(vmid);
            assertThat(task.status()).isEqualTo("OK");
            assertThat(task.properties()).containsKeys("starttime", "endtime", "user");
        });
        assertThat(platform.tasks("pve1", Instant.now().plusSeconds(3600), 50)).isEmpty();
        assertThat(platform.tasks("pve1", before, 1)).hasSize(1);
        assertThat(platform.tasks("pve2", null, 50)).isEmpty();
    }

    @Test
    void everyParameterTheClientSendsIsOneTheSchemaDeclares() throws IOException {
        platform.resources();
        platform.tasks("pve1", Instant.now(), 20);
        platform.backup("pve1", 101, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", Duration.ofMinutes(5));
        String volume = platform.backups("pve1", "local", 101).get(0).volume();
        platform.restore("pve1", 150, volume, "local-lvm", false, "restored", "from a backup");
        platform.restore("pve1", 150, volume, "local-lvm", true, null, null);
        platform.deleteVolume("pve1", volume);
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/pve/api-schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        Set<String> checked = new TreeSet<>();
        for (RecordedCall call : pve.calls()) {
            JsonNode endpoint = null;
            for (JsonNode candidate : schema.path("endpoints")) {
                if (candidate.path("method").asText().equals(call.method()) && call.path().matches(pathPattern(candidate))) {
                    endpoint = candidate;
                }
            }
            assertThat(endpoint).as("schema entry for %s %s", call.method(), call.path()).isNotNull();
            String shape = endpoint.path("path").asText();
            checked.add(call.method() + " " + shape);
            JsonNode params = endpoint.path("params");
            call.params().forEach((name, value) -> {
                assertThat(params.has(name)).as("%s %s declares '%s'", call.method(), shape, name).isTrue();
                JsonNode allowed = params.path(name).path("enum");
                if (allowed.isArray()) {
                    assertThat(allowed.toString()).as("enum of %s", name).contains("\"" + value + "\"");
                }
                switch (params.path(name).path("type").asText()) {
                    case "integer" -> assertThat(value).as("%s %s", shape, name).matches("\\d+");
                    case "boolean" -> assertThat(value).as("%s %s", shape, name).isIn("0", "1");
                    default -> { }
                }
            });
            for (Map.Entry<String, JsonNode> declared : endpoint.path("params").properties()) {
                boolean inPath = shape.contains("{" + declared.getKey() + "}");
                if (!declared.getValue().path("optional").asBoolean(true) && !inPath) {
                    assertThat(call.params()).as("%s %s sends required '%s'", call.method(), shape, declared.getKey())
                            .containsKey(declared.getKey());
                }
            }
        }
        assertThat(checked).contains("POST /nodes/{node}/vzdump", "GET /nodes/{node}/storage/{storage}/content",
                "DELETE /nodes/{node}/storage/{storage}/content/{volume}", "POST /nodes/{node}/lxc");
    }

    /** A schema path as a pattern over decoded paths; a volume id keeps its slashes. */
    private static String pathPattern(JsonNode endpoint) {
        return endpoint.path("path").asText().replace("{volume}", ".+").replaceAll("\\{[^}]+}", "[^/]+");
    }
}
