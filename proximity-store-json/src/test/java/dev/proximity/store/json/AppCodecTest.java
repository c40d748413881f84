package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading single legacy entries: what is accepted, what makes an entry unreadable and how that is worded. */
class AppCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AppCodec codec = new AppCodec(JSON);

    private AppCodec.Decoded decode(String entry) throws Exception {
        return codec.decode(JSON.readTree(entry), entry);
    }

    private String reasonFor(String entry) throws Exception {
        AppCodec.Decoded decoded = decode(entry);
        assertThat(decoded).isInstanceOf(AppCodec.Unreadable.class);
        return ((AppCodec.Unreadable) decoded).reason();
    }

    @Test
    void acceptsNumbersWrittenAsStringsAndNullCollections() throws Exception {
        AppCodec.Decoded decoded = decode("{\"id\": \"a-web\", \"catalog_id\": \"a\", \"name\": \"Web\", \"hostname\": \"WEB_01\","
                + " \"status\": \"Running\", \"lxc_id\": \" 124 \", \"public_port\": \"8100\", \"ports\": {\"80\": \"8100\"},"
                + " \"config\": null, \"volumes\": null, \"environment\": null, \"created_at\": \"2025-08-06 10:10:10\"}");

        App app = ((AppCodec.Readable) decoded).stored().app();
        assertThat(app.hostname()).isEqualTo("web_01");
        assertThat(app.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(app.vmid()).isEqualTo(124);
        assertThat(app.publicPort()).isEqualTo(8100);
        assertThat(app.ports()).isEqualTo(Map.of(80, 8100));
        assertThat(app.createdAt()).isEqualTo(Instant.parse("2025-08-06T10:10:10Z"));
        assertThat(app.version()).as("legacy entries count as stored once").isEqualTo(1);
        assertThat(((AppCodec.Readable) decoded).stored().warnings()).isEmpty();
    }

    @Test
    void namesEveryBadFieldAndValue() throws Exception {
        String reason = reasonFor("{\"id\": \"x-bad\", \"catalog_id\": \"x\", \"name\": \"Bad\", \"hostname\": \"bad\","
                + " \"status\": \"exploded\", \"lxc_id\": 12.5, \"ports\": {\"http\": 80}}");

        assertThat(reason).contains("status", "exploded", "lxc_id '12.5' is not a whole number", "ports key 'http'");
    }

    @Test
    void validationFailuresUseTheFileFieldNames() throws Exception {
        assertThat(reasonFor("{\"id\": \"x-b\", \"catalog_id\": \"x\", \"name\": \"B\", \"hostname\": \"-b-\", \"status\": \"running\"}"))
                .contains("hostname", "'-b-'");
        assertThat(reasonFor("{\"id\": \"x-bb\", \"catalog_id\": \"x\", \"name\": \"B\", \"hostname\": \"bbb\", \"status\": \"running\","
                + " \"lxc_id\": 5}")).contains("lxc_id must be between 100");
        assertThat(reasonFor("{\"id\": \"x-bb\", \"name\": \"B\", \"hostname\": \"bbb\"}")).contains("status is missing");
        assertThat(reasonFor("[1, 2]")).isEqualTo("entry is a JSON array, not an object");
    }

    @Test
    void neverCopiesEnvironmentValuesOrNestedDocumentsIntoAReason() throws Exception {
        String reason = reasonFor("{\"id\": \"x-s\", \"catalog_id\": \"x\", \"name\": \"S\", \"hostname\": \"sss\", \"status\": \"running\","
                + " \"environment\": {\"TOKEN\": {\"value\": \"s3cr3t\"}}, \"config\": [\"hunter2\"]}");

        assertThat(reason).contains("environment[\"TOKEN\"] is a JSON object", "config is a JSON array")
                .doesNotContain("s3cr3t", "hunter2");
    }

    @Test
    void encodingReadsBackAsTheSameApp() throws Exception {
        App app = App.builder().id("a-web").catalogId("a").name("Web ✓").hostname("web").status(AppStatus.UPDATE_FAILED)
                .vmid(150).ports(Map.of(443, 8443)).config(Map.of("memory", 512, "ratio", 0.5))
                .createdAt(Instant.parse("2025-01-02T03:04:05.678Z")).version(3).build();

        StoredApp stored = codec.encode(app, null);

        assertThat(stored.app()).isEqualTo(app);
        JsonNode json = JSON.readTree(stored.json());
        assertThat(json.get("status").asText()).isEqualTo("update_failed");
        assertThat(json.get("lxc_id").asInt()).isEqualTo(150);
        assertThat(json.get("ports").get("443").asInt()).isEqualTo(8443);
        assertThat(json.get("created_at").asText()).isEqualTo("2025-01-02 03:04:05.678000");
        assertThat(json.get("updated_at").isNull()).isTrue();
    }
}
