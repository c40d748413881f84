package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ordinary legacy sample: every field, the three timestamp forms, string port keys, null urls. */
class LegacySmallFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path file;
    private JsonNode original;

    @BeforeEach
    void copySample() throws Exception {
        file = Fixtures.copy("legacy/apps-small.json", directory.resolve("apps.json"));
        original = JSON.readTree(file.toFile());
    }

    private App get(JsonFileStore store, String id) {
        return store.read((StoreSession s) -> s.apps().get(id)).orElseThrow();
    }

    @Test
    void readsEveryAppWithEveryFieldAndNoProblems() {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            assertThat(store.read((StoreSession s) -> s.apps().count())).isEqualTo(5);
            assertThat(store.read((StoreSession s) -> s.apps().problems())).isEmpty();

            App nginx = get(store, "nginx-nginx-01");
            assertThat(nginx).isEqualTo(App.builder().id("nginx-nginx-01").catalogId("nginx").name("Nginx")
                    .hostname("nginx-01").status(AppStatus.RUNNING).url("http://192.168.100.45:80").vmid(105).node("opti2")
                    .ports(Map.of(80, 80, 443, 443))
                    .createdAt(Instant.parse("2025-10-04T00:33:41.918Z")).updatedAt(Instant.parse("2025-10-04T00:33:41.918Z"))
                    .version(1).build());

            App wordpress = get(store, "wordpress-wordpress-prod");
            assertThat(wordpress.config()).isEqualTo(Map.of("memory", 2048, "cores", 2));
            assertThat(wordpress.ports()).isEqualTo(Map.of(80, 8080));
            assertThat(wordpress.volumes()).containsExactly("/var/lib/proximity/volumes/wordpress-prod/html:/var/www/html");
            assertThat(wordpress.environment()).containsEntry("WORDPRESS_DB_HOST", "db");
            assertThat(get(store, "postgres-postgres-db").url()).isNull();
            assertThat(get(store, "redis-redis-cache").status()).isEqualTo(AppStatus.DEPLOYING);
        }
    }

    @Test
    void readsTheThreeTimestampFormsAsUtc() {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            App wordpress = get(store, "wordpress-wordpress-prod");
            assertThat(wordpress.createdAt()).isEqualTo(Instant.parse("2025-10-02T18:04:11.120Z"));
            assertThat(wordpress.updatedAt()).isEqualTo(Instant.parse("2025-10-03T09:12:55Z"));
            App nextcloud = get(store, "nextcloud-nextcloud-storage");
            assertThat(nextcloud.createdAt()).isEqualTo(Instant.parse("2025-09-28T21:40:02Z"));
            assertThat(nextcloud.updatedAt()).isEqualTo(Instant.parse("2025-10-01T07:00:00.500Z"));
        }
    }

    @Test
    void anUpdateRewritesOnlyThatEntryAndLegacyReadersStillSeeEveryApp() throws Exception {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            App redis = get(store, "redis-redis-cache");
            Instant at = Instant.parse("2025-10-05T08:09:10.123Z");
            store.write((StoreSession s) -> s.apps().update(redis.withStatus(AppStatus.RUNNING, at)));
        }

        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.fieldNames()).toIterable().containsExactly("apps");
        JsonNode apps = written.get("apps");
        assertThat(apps).hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(apps.get(i)).isEqualTo(original.get("apps").get(i));
        }
        JsonNode redis = apps.get(4);
        assertThat(redis.get("status").asText()).isEqualTo("running");
        assertThat(redis.get("updated_at").asText()).isEqualTo("2025-10-05 08:09:10.123000");
        assertThat(redis.get("state_changed_at").asText()).isEqualTo("2025-10-05 08:09:10.123000");
        assertThat(redis.get("created_at").asText()).isEqualTo("2025-10-04 01:02:03.000000");
        assertThat(redis.get("ports").get("6379").asInt()).isEqualTo(6379);
        assertThat(redis.get("lxc_id").asInt()).isEqualTo(111);
        assertThat(redis.get("version").asLong()).isEqualTo(2);

        try (JsonFileStore reopened = JsonFileStore.open(file)) {
            assertThat(get(reopened, "redis-redis-cache").status()).isEqualTo(AppStatus.RUNNING);
            assertThat(get(reopened, "redis-redis-cache").version()).isEqualTo(2);
            assertThat(reopened.read((StoreSession s) -> s.apps().find(AppQuery.all()).total())).isEqualTo(5);
        }
    }

    @Test
    void readsServeTheIndexedSnapshotUntilAnotherWriterChangesTheFile() {
        try (JsonFileStore reader = JsonFileStore.open(file); JsonFileStore writer = JsonFileStore.open(file)) {
            App first = get(reader, "nginx-nginx-01");
            App again = get(reader, "nginx-nginx-01");
            // the same instance: the file was not parsed again
            assertThat(again).isSameAs(first);

            writer.write((StoreSession s) -> s.apps().update(first.toBuilder().url("http://moved").build()));

            App reloaded = get(reader, "nginx-nginx-01");
            assertThat(reloaded.url()).isEqualTo("http://moved");
            assertThat(reloaded.version()).isEqualTo(2);
            assertThat(get(reader, "nginx-nginx-01")).isSameAs(reloaded);
        }
    }

    @Test
    void aWriteThatChangesNothingLeavesTheFileAlone() throws Exception {
        byte[] before = Files.readAllBytes(file);
        try (JsonFileStore store = JsonFileStore.open(file)) {
            List<String> ids = store.write((StoreSession s) -> s.apps().listAfter(null, 10).stream().map(App::id).toList());
            assertThat(ids).hasSize(5);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
