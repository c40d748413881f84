package dev.proximity.proxmox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's answers byte for byte where the pve README fixes them, checked with plain HTTPS
 * (no Proximity client), so the client cannot only work against itself.
 */
class ProxmoxSimulatorWireTest {

    private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
    private final ObjectMapper json = new ObjectMapper();
    private ProxmoxSimulator pve;
    private OkHttpClient http;

    @BeforeEach
    void start() {
        pve = ProxmoxSimulator.builder().apiToken("root@pam!ci", "secret-1").user("root@pam", "password-1")
                .taskDuration(Duration.ofMillis(30)).authFailureDelay(Duration.ZERO).start();
        use(pve);
    }

    /** Points the raw client at a simulator, trusting its cluster CA only. */
    private void use(ProxmoxSimulator simulator) {
        if (http != null) {
            http.connectionPool().evictAll();
        }
        pve = simulator;
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(Certificates.decodeCertificatePem(simulator.caCertificatePem())).build();
        http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .retryOnConnectionFailure(false).build();
    }

    @AfterEach
    void stop() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        pve.close();
    }

    @Test
    void nodesCarryTheReadmeFieldsAndTheCertificateFingerprint() throws IOException {
        JsonNode node = call("GET", "/nodes", null).body.path("data").get(0);
        assertThat(node.path("node").asText()).isEqualTo("pve");
        assertThat(node.path("status").asText()).isEqualTo("online");
        assertThat(node.path("id").asText()).isEqualTo("node/pve");
        assertThat(node.path("type").asText()).isEqualTo("node");
        assertThat(node.path("maxmem").asLong()).isEqualTo(64L << 30);
        assertThat(node.path("maxcpu").asInt()).isEqualTo(16);
        assertThat(node.has("cpu") && node.has("mem") && node.has("disk") && node.has("maxdisk") && node.has("uptime")).isTrue();
        assertThat(node.path("ssl_fingerprint").asText()).isEqualTo(pve.fingerprint())
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void nextidIsAStringAndTheVmidCheckAnswersAnErrorsMap() throws IOException {
        assertThat(call("GET", "/cluster/nextid", null).body.path("data").isTextual()).isTrue();
        assertThat(call("GET", "/cluster/nextid", null).body.path("data").asText()).isEqualTo("100");
        create(100);

        Answer taken = call("GET", "/cluster/nextid?vmid=100", null);
        assertThat(taken.status).isEqualTo(400);
        assertThat(taken.reason).isEqualTo("Parameter verification failed.");
        assertThat(taken.body.path("data").isNull()).isTrue();
        assertThat(taken.body.path("errors").path("vmid").asText()).isEqualTo("VM 100 already exists");
        assertThat(call("GET", "/cluster/nextid", null).body.path("data").asText()).isEqualTo("101");
    }

    @Test
    void createAnswersAUpidWithTheTrailingColonAndTheTokenUser() throws IOException {
        String upid = create(100);
        assertThat(upid).matches("UPID:pve:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzcreate:100:root@pam!ci:");
    }

    @Test
    void statusCurrentHasTheReadmeShapeAndShowsTheCreateLock() throws IOException {
        try (ProxmoxSimulator slow = ProxmoxSimulator.builder().apiToken("root@pam!ci", "secret-1")
                .taskDuration(Duration.ofSeconds(2)).start()) {
            ProxmoxSimulator fast = pve;
            use(slow);
            try {
                create(100);
                JsonNode status = call("GET", "/nodes/pve/lxc/100/status/current", null).body.path("data");
                assertThat(status.path("vmid").isInt()).isTrue();
                assertThat(status.path("type").asText()).isEqualTo("lxc");
                assertThat(status.path("status").asText()).isEqualTo("stopped");
                assertThat(status.path("lock").asText()).isEqualTo("create");
                for (String field : new String[] {"name", "uptime", "cpu", "cpus", "mem", "maxmem", "swap", "maxswap",
                        "disk", "maxdisk", "netin", "netout"}) {
                    assertThat(status.has(field)).as(field).isTrue();
                }
                assertThat(pve.container(100).orElseThrow().lock()).isEqualTo("create");
            } finally {
                use(fast);
            }
        }
    }

    @Test
    void tasksRunThenStopWithExitStatusAndLogTotal() throws Exception {
        String upid = create(100);
        String base = "/nodes/pve/tasks/" + upid;
        JsonNode running = call("GET", base + "/status", null).body.path("data");
        assertThat(running.path("type").asText()).isEqualTo("vzcreate");
        assertThat(running.path("id").asText()).isEqualTo("100");
        assertThat(running.path("user").asText()).isEqualTo("root@pam!ci");
        assertThat(running.path("node").asText()).isEqualTo("pve");
        assertThat(running.has("pid") && running.has("pstart") && running.has("starttime")).isTrue();

        JsonNode stopped = awaitStopped(base);
        assertThat(stopped.path("exitstatus").asText()).isEqualTo("OK");
        Answer log = call("GET", base + "/log?start=0&limit=50", null);
        assertThat(log.body.path("total").asInt()).isEqualTo(log.body.path("data").size());
        JsonNode last = log.body.path("data").get(log.body.path("data").size() - 1);
        assertThat(last.path("n").asInt()).isEqualTo(log.body.path("total").asInt());
        assertThat(last.path("t").asText()).isEqualTo("TASK OK");
    }

    @Test
    void errorsTravelInTheReasonPhraseWithMessageOnCurrentServersOnly() throws Exception {
        awaitStopped("/nodes/pve/tasks/" + create(100));
        Answer current = call("POST", "/nodes/pve/lxc/100/status/stop", Map.of());
        assertThat(current.status).isEqualTo(500);
        assertThat(current.reason).isEqualTo("CT 100 not running");
        assertThat(current.body.path("data").isNull()).isTrue();
        assertThat(current.body.path("message").asText()).isEqualTo("CT 100 not running\n");

        try (ProxmoxSimulator legacy = ProxmoxSimulator.builder().apiToken("root@pam!ci", "secret-1")
                .flavor(ApiFlavor.LEGACY).authFailureDelay(Duration.ZERO).start()) {
            ProxmoxSimulator fast = pve;
            use(legacy);
            try {
                Answer old = call("GET", "/nodes/pve/lxc/999/config", null);
                assertThat(old.status).isEqualTo(500);
                assertThat(old.reason).isEqualTo("Configuration file 'nodes/pve/lxc/999.conf' does not exist");
                assertThat(old.rawBody).isEqualTo("{\"data\":null}");
            } finally {
                use(fast);
            }
        }
    }

    @Test
    void unknownParametersAndBadValuesAreParameterErrors() throws IOException {
        Answer answer = call("POST", "/nodes/pve/lxc", Map.of("vmid", "100", "ostemplate", TEMPLATE,
                "bogus", "1", "password", "abc", "memory", "8"));
        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.body.path("errors").path("bogus").asText()).contains("not defined in schema");
        assertThat(answer.body.path("errors").path("password").asText()).isEqualTo("value must be at least 5 characters long");
        assertThat(answer.body.path("errors").path("memory").asText()).isEqualTo("value must have a minimum value of 16");
        assertThat(pve.containers()).isEmpty();
    }

    @Test
    void inventoryCallsRefuseUnknownParametersAndValuesOutsideTheSchema() throws IOException {
        Answer badType = call("GET", "/cluster/resources?type=bogus", null);
        assertThat(badType.status).isEqualTo(400);
        assertThat(badType.body.path("errors").path("type").asText()).contains("enumeration");
        Answer unknown = call("GET", "/nodes/pve/tasks?verbose=1", null);
        assertThat(unknown.status).isEqualTo(400);
        assertThat(unknown.body.path("errors").path("verbose").asText()).contains("not defined in schema");
        Answer notBoolean = call("GET", "/nodes/pve/tasks?errors=true", null);
        assertThat(notBoolean.status).isEqualTo(400);
        assertThat(notBoolean.body.path("errors").path("errors").asText()).isEqualTo("type check ('boolean') failed - got 'true'");
        Answer badSource = call("GET", "/nodes/pve/tasks?source=everything", null);
        assertThat(badSource.status).isEqualTo(400);
        Answer listed = call("GET", "/nodes/pve/tasks?source=all&limit=5", null);
        assertThat(listed.status).isEqualTo(200);
        assertThat(listed.body.path("total").isNumber()).isTrue();
        assertThat(call("GET", "/nodes/pve/qemu?full=1", null).status).isEqualTo(200);
        assertThat(call("GET", "/nodes/pve/storage?content=backup", null).body.path("data").get(0).path("storage").asText())
                .isEqualTo("local");
    }

    @Test
    void jsonBodiesAreAcceptedLikeForms() throws IOException {
        Request request = request("/nodes/pve/lxc").post(RequestBody.create(
                "{\"vmid\":105,\"ostemplate\":\"" + TEMPLATE + "\",\"hostname\":\"json-ct\",\"start\":true}",
                MediaType.get("application/json"))).build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(pve.container(105).orElseThrow().hostname()).isEqualTo("json-ct");
    }

    @Test
    void listSendsVmidAsNumberOnCurrentAndAsStringOnLegacyServers() throws IOException {
        create(100);
        assertThat(call("GET", "/nodes/pve/lxc", null).body.path("data").get(0).path("vmid").isInt()).isTrue();
        try (ProxmoxSimulator legacy = ProxmoxSimulator.builder().apiToken("root@pam!ci", "secret-1")
                .flavor(ApiFlavor.LEGACY).start()) {
            ProxmoxSimulator fast = pve;
            use(legacy);
            try {
                create(100);
                assertThat(call("GET", "/nodes/pve/lxc", null).body.path("data").get(0).path("vmid").isTextual()).isTrue();
            } finally {
                use(fast);
            }
        }
    }

    @Test
    void interfacesAreNullWhileStopped() throws Exception {
        awaitStopped("/nodes/pve/tasks/" + create(100));
        Answer answer = call("GET", "/nodes/pve/lxc/100/interfaces", null);
        assertThat(answer.rawBody).isEqualTo("{\"data\":null}");
    }

    @Test
    void configPutAnswersNullData() throws Exception {
        awaitStopped("/nodes/pve/tasks/" + create(100));
        Answer answer = call("PUT", "/nodes/pve/lxc/100/config", Map.of("description", "changed"));
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.rawBody).isEqualTo("{\"data\":null}");
        assertThat(pve.container(100).orElseThrow().config()).containsEntry("description", "changed");
    }

    @Test
    void execIsNotImplemented() throws IOException {
        Answer answer = call("POST", "/nodes/pve/lxc/101/exec", Map.of("command", "id"));
        assertThat(answer.status).isEqualTo(501);
        assertThat(answer.reason).isEqualTo("Method 'POST /nodes/pve/lxc/101/exec' not implemented");
    }

    @Test
    void injectedFaultsApplyToTheNextMatchingCallsOnly() throws IOException {
        pve.inject(Fault.on("GET", "/nodes").times(2).respond(403, "Permission check failed (/nodes, Sys.Audit)"));
        assertThat(call("GET", "/nodes", null).reason).isEqualTo("Permission check failed (/nodes, Sys.Audit)");
        assertThat(call("GET", "/cluster/nextid", null).status).isEqualTo(200);
        assertThat(call("GET", "/nodes", null).status).isEqualTo(403);
        assertThat(call("GET", "/nodes", null).status).isEqualTo(200);

        pve.inject(Fault.on("GET", "/nodes").dropConnection());
        assertThatThrownBy(() -> call("GET", "/nodes", null)).isInstanceOf(IOException.class);
        assertThat(call("GET", "/nodes", null).status).isEqualTo(200);
    }

    @Test
    void containerLookupServesTheSshSimulator() throws Exception {
        assertThat(pve.container(100)).isEmpty();
        awaitStopped("/nodes/pve/tasks/" + create(100));
        String start = call("POST", "/nodes/pve/lxc/100/status/start", Map.of()).body.path("data").asText();
        awaitStopped("/nodes/pve/tasks/" + start);

        SimulatedContainer container = pve.container(100).orElseThrow();
        assertThat(container.vmid()).isEqualTo(100);
        assertThat(container.node()).isEqualTo("pve");
        assertThat(container.running()).isTrue();
        assertThat(container.hostname()).isEqualTo("ct-100");
    }

    @Test
    void vzdumpAnswersOkWithoutATaskWhenNoGuestIsOnTheNodeAndChecksItsParametersAsPveDoes() throws Exception {
        awaitStopped("/nodes/pve/tasks/" + create(100));
        Answer nothingHere = call("POST", "/nodes/pve/vzdump", Map.of("pool", "empty-pool"));
        assertThat(nothingHere.status).isEqualTo(200);
        assertThat(nothingHere.rawBody).isEqualTo("{\"data\":\"OK\"}");

        Answer bad = call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "compress", "lz4", "remove", "true",
                "mode", "fast", "lockwait", "-1", "bogus", "1"));
        assertThat(bad.status).isEqualTo(400);
        assertThat(bad.reason).isEqualTo("Parameter verification failed.");
        JsonNode errors = bad.body.path("errors");
        assertThat(errors.path("compress").asText()).isEqualTo("value 'lz4' does not have a value in the enumeration '0, 1, gzip, lzo, zstd'");
        assertThat(errors.path("remove").asText()).isEqualTo("type check ('boolean') failed - got 'true'");
        assertThat(errors.path("mode").asText()).isEqualTo("value 'fast' does not have a value in the enumeration 'snapshot, suspend, stop'");
        assertThat(errors.path("lockwait").asText()).isEqualTo("value must have a minimum value of 0");
        assertThat(errors.path("bogus").asText()).contains("not defined in schema");
        assertThat(call("POST", "/nodes/pve/vzdump", Map.of()).body.path("errors").path("vmid").asText()).isEqualTo("property is missing");
        assertThat(call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "notes-template", "{{guestname}}")).body
                .path("errors").path("storage").asText()).isEqualTo("missing property required by 'notes-template'");
        assertThat(call("POST", "/nodes/pve/vzdump", Map.of("vmid", "1x")).body.path("errors").path("vmid").asText())
                .isEqualTo("invalid format - value does not look like a valid VM ID");
        assertThat(call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "all", "1")).body.path("errors").path("all").asText())
                .isEqualTo("option conflicts with option 'vmid'");

        String nowhere = call("POST", "/nodes/pve/vzdump", Map.of("vmid", "555")).body.path("data").asText();
        assertThat(nowhere).matches("UPID:pve:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzdump:555:root@pam!ci:");
        assertThat(awaitStopped("/nodes/pve/tasks/" + nowhere).path("exitstatus").asText()).isEqualTo("job errors");
        String wrongStorage = call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "storage", "local-lvm")).body.path("data").asText();
        assertThat(awaitStopped("/nodes/pve/tasks/" + wrongStorage).path("exitstatus").asText())
                .isEqualTo("could not get storage information for 'local-lvm': can't use storage 'local-lvm' for backups - wrong content type");
    }

    @Test
    void storageContentListsArchivesAndDeletionTakesTheVolumeIdAsOneSegment() throws Exception {
        awaitStopped("/nodes/pve/tasks/" + create(100));
        String upid = call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "storage", "local", "compress", "zstd",
                "remove", "0", "notes-template", "{{guestname}} on {{node}}", "protected", "1")).body.path("data").asText();
        assertThat(awaitStopped("/nodes/pve/tasks/" + upid).path("exitstatus").asText()).isEqualTo("OK");

        JsonNode item = call("GET", "/nodes/pve/storage/local/content?content=backup&vmid=100", null).body.path("data").get(0);
        String volid = item.path("volid").asText();
        assertThat(volid).matches("local:backup/vzdump-lxc-100-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.tar\\.zst");
        assertThat(item.path("format").asText()).isEqualTo("tar.zst");
        assertThat(item.path("content").asText()).isEqualTo("backup");
        assertThat(item.path("size").isIntegralNumber() && item.path("size").asLong() > 0).isTrue();
        assertThat(item.path("ctime").isIntegralNumber()).isTrue();
        assertThat(item.path("vmid").isInt()).isTrue();
        assertThat(item.path("vmid").asInt()).isEqualTo(100);
        assertThat(item.path("notes").asText()).isEqualTo("ct-100 on pve");
        assertThat(item.path("protected").asInt()).isEqualTo(1);
        assertThat(call("GET", "/nodes/pve/storage/nope/content", null).reason).isEqualTo("storage 'nope' does not exist");
        assertThat(call("GET", "/nodes/pve/storage/local/content?content=bogus", null).body.path("errors").path("content").asText())
                .isEqualTo("invalid format - invalid content type 'bogus'");

        String encoded = "/nodes/pve/storage/local/content/" + volid.replace("/", "%2F");
        String refused = call("DELETE", encoded, null).body.path("data").asText();
        assertThat(refused).contains(":imgdel:100@local:");
        assertThat(awaitStopped("/nodes/pve/tasks/" + refused).path("exitstatus").asText())
                .isEqualTo("cannot remove protected volume '" + volid.substring("local:".length()) + "' on 'local'");

        String second = call("POST", "/nodes/pve/vzdump", Map.of("vmid", "100", "remove", "0")).body.path("data").asText();
        awaitStopped("/nodes/pve/tasks/" + second);
        JsonNode listed = call("GET", "/nodes/pve/storage/local/content?content=backup", null).body.path("data");
        assertThat(listed).hasSize(2);
        String unprotected = listed.get(1).path("volid").asText();
        // PVE's router joins the rest of the path, so an unencoded slash reaches the same call
        Answer deleted = call("DELETE", "/nodes/pve/storage/local/content/" + unprotected + "?delay=5", null);
        assertThat(deleted.rawBody).as("finished within the delay").isEqualTo("{\"data\":null}");
        assertThat(pve.backupVolumes()).extracting(SimulatedBackup::volid).containsExactly(volid);
        assertThat(call("DELETE", "/nodes/pve/storage/local/content/" + unprotected + "?delay=31", null).body
                .path("errors").path("delay").asText()).isEqualTo("value must have a maximum value of 30");
    }

    @Test
    void restoreParametersAreCheckedAsTheSchemaSays() throws IOException {
        Answer uniqueAlone = call("POST", "/nodes/pve/lxc", Map.of("vmid", "101", "ostemplate", TEMPLATE, "unique", "1"));
        assertThat(uniqueAlone.status).isEqualTo(400);
        assertThat(uniqueAlone.body.path("errors").path("restore").asText()).isEqualTo("missing property required by 'unique'");
        Answer notBoolean = call("POST", "/nodes/pve/lxc", Map.of("vmid", "101", "ostemplate", TEMPLATE, "restore", "true"));
        assertThat(notBoolean.body.path("errors").path("restore").asText()).isEqualTo("type check ('boolean') failed - got 'true'");
        assertThat(pve.containers()).isEmpty();
    }

    @Test
    void builderRefusesConfigurationsNoClientCouldUse() {
        assertThatThrownBy(() -> ProxmoxSimulator.builder().start()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProxmoxSimulator.builder().apiToken("root", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxmoxSimulator.builder().node("a", 1, 1).node("a", 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String create(int vmid) throws IOException {
        Answer answer = call("POST", "/nodes/pve/lxc", Map.of("vmid", Integer.toString(vmid), "ostemplate", TEMPLATE,
                "hostname", "ct-" + vmid, "memory", "512"));
        assertThat(answer.status).as(answer.reason).isEqualTo(200);
        return answer.body.path("data").asText();
    }

    private JsonNode awaitStopped(String taskPath) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = call("GET", taskPath + "/status", null).body.path("data");
            if (status.path("status").asText().equals("stopped")) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task did not stop: " + taskPath);
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url(pve.url() + "/api2/json" + path)
                .header("Authorization", "PVEAPIToken=root@pam!ci=secret-1");
    }

    private Answer call(String method, String path, Map<String, String> form) throws IOException {
        RequestBody body = null;
        if (form != null) {
            FormBody.Builder builder = new FormBody.Builder();
            form.forEach(builder::add);
            body = builder.build();
        }
        try (Response response = http.newCall(request(path).method(method, body).build()).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), response.message(), text, json.readTree(text));
        }
    }

    private record Answer(int status, String reason, String rawBody, JsonNode body) {
    }
}
