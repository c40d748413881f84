package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordProblem.Severity;
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
import static org.assertj.core.api.Assertions.tuple;

/**
 * The awkward legacy sample: legacy statuses, empty and unparsable timestamps, an entry with no
 * id, a duplicated id, non-ASCII names, unknown fields, numbers as strings, nulls where objects
 * belong, and an entry that cannot be read at all.
 */
class LegacyQuirksFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path file;
    private JsonNode original;

    @BeforeEach
    void copySample() throws Exception {
        file = Fixtures.copy("legacy/apps-quirks.json", directory.resolve("apps.json"));
        original = JSON.readTree(file.toFile()).get("apps");
    }

    private App get(JsonFileStore store, String id) {
        return store.read((StoreSession s) -> s.apps().get(id)).orElseThrow();
    }

    private List<RecordProblem> problems(JsonFileStore store) {
        return store.read((StoreSession s) -> s.apps().problems());
    }

    @Test
    void readsEveryReadableEntry() {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            assertThat(store.read((StoreSession s) -> s.apps().listAfter(null, 100))).extracting(App::id)
                    .containsExactly("adminer-db-ui", "gitea-git", "jellyfin-media", "uptime-kuma-status", "vaultwarden-vault");

            assertThat(get(store, "adminer-db-ui").status()).isEqualTo(AppStatus.UPDATE_FAILED);
            assertThat(get(store, "adminer-db-ui").createdAt()).isEqualTo(Instant.parse("2025-08-01T12:00:00.123Z"));
            App gitea = get(store, "gitea-git");
            assertThat(gitea.status()).isEqualTo(AppStatus.ADOPTING);
            assertThat(gitea.name()).isEqualTo("Gitea");
            assertThat(gitea.createdAt()).isNull();
            assertThat(gitea.updatedAt()).isNull();
            assertThat(gitea.ports()).isEqualTo(Map.of(3000, 3000, 22, 2222));
            assertThat(get(store, "uptime-kuma-status").hostname()).isEqualTo("status");
            App vault = get(store, "vaultwarden-vault");
            assertThat(vault.name()).isEqualTo("Vaultwärden ✓");
            assertThat(vault.config()).isEqualTo(Map.of("memory", 256, "extra", Map.of("nested", List.of(1, 2, 3))));
            App jellyfin = get(store, "jellyfin-media");
            assertThat(jellyfin.vmid()).isEqualTo(124);
            assertThat(jellyfin.ports()).isEqualTo(Map.of(8096, 8096));
            assertThat(jellyfin.config()).isEmpty();
            assertThat(jellyfin.volumes()).isEmpty();
            assertThat(jellyfin.environment()).isEmpty();
        }
    }

    @Test
    void reportsEachProblemByPositionIdAndReason() {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            List<RecordProblem> problems = problems(store);

            assertThat(problems).extracting(RecordProblem::position, RecordProblem::id, RecordProblem::severity).containsExactly(
                    tuple(1, "gitea-git", Severity.WARNING),
                    tuple(1, "gitea-git", Severity.WARNING),
                    tuple(2, "uptime-kuma-status", Severity.WARNING),
                    tuple(3, "gitea-git", Severity.ERROR),
                    tuple(6, "broken-entry", Severity.ERROR));
            assertThat(problems).allSatisfy(p -> assertThat(p.source()).isEqualTo(file.toAbsolutePath().toString()));
            assertThat(problems.get(0).reason()).contains("created_at", "''", "original text kept");
            assertThat(problems.get(1).reason()).contains("updated_at", "'not a date'");
            assertThat(problems.get(2).reason()).contains("id is missing", "uptime-kuma-status");
            assertThat(problems.get(3).reason()).contains("duplicate id 'gitea-git'", "record #1");
            assertThat(problems.get(4).reason()).contains("lxc_id 'one-hundred'", "ports[\"80\"] 'eighty'",
                    "kept in the file untouched");
        }
    }

    @Test
    void unreadableEntriesAndUnknownFieldsSurviveRewrites() throws Exception {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            App vault = get(store, "vaultwarden-vault");
            store.write((StoreSession s) -> s.apps().update(vault.withStatus(AppStatus.STOPPED, Instant.parse("2025-09-01T00:00:00Z"))));
            App gitea = get(store, "gitea-git");
            store.write((StoreSession s) -> s.apps().update(gitea.toBuilder().url("http://10.0.0.13:3000").build()));
            store.write((StoreSession s) -> s.apps().insert(App.builder().id("nginx-web").catalogId("nginx").name("Web")
                    .hostname("web").status(AppStatus.RUNNING).build()));
        }

        String text = Files.readString(file);
        assertThat(text).as("untouched entries keep their exact text")
                .contains("\"lxc_id\": \"124\", \"node\": \"pve\"", "\"ports\": {\"80\": \"eighty\"}")
                .as("a changed entry keeps its unparsable timestamps' text")
                .contains("\"created_at\":\"\",\"updated_at\":\"not a date\"");
        JsonNode apps = JSON.readTree(text).get("apps");
        assertThat(apps).hasSize(8);
        assertThat(apps.get(0)).isEqualTo(original.get(0));
        assertThat(apps.get(3)).as("the duplicate, verbatim in place").isEqualTo(original.get(3));
        assertThat(apps.get(5)).as("numbers as strings, untouched").isEqualTo(original.get(5));
        assertThat(apps.get(6)).as("the unreadable entry, verbatim in place").isEqualTo(original.get(6));
        JsonNode vault = apps.get(4);
        assertThat(vault.get("iframe_url").asText()).isEqualTo("http://10.0.0.15");
        assertThat(vault.get("future_field").asBoolean()).isTrue();
        assertThat(vault.get("status").asText()).isEqualTo("stopped");
        assertThat(vault.get("name").asText()).isEqualTo("Vaultwärden ✓");
        JsonNode gitea = apps.get(1);
        assertThat(gitea.get("url").asText()).isEqualTo("http://10.0.0.13:3000");
        assertThat(gitea.get("created_at").asText()).as("unparsable timestamps keep their text").isEmpty();
        assertThat(gitea.get("updated_at").asText()).isEqualTo("not a date");
        assertThat(apps.get(7).get("id").asText()).isEqualTo("nginx-web");

        try (JsonFileStore reopened = JsonFileStore.open(file)) {
            assertThat(reopened.read((StoreSession s) -> s.apps().count())).isEqualTo(6);
            assertThat(problems(reopened)).extracting(RecordProblem::position, RecordProblem::severity).containsExactly(
                    tuple(1, Severity.WARNING), tuple(1, Severity.WARNING), tuple(2, Severity.WARNING),
                    tuple(3, Severity.ERROR), tuple(6, Severity.ERROR));
        }
    }

    @Test
    void problemPositionsFollowTheFileWhenEarlierEntriesAreDeleted() throws Exception {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            store.write((StoreSession s) -> s.apps().delete("adminer-db-ui"));

            assertThat(problems(store)).filteredOn(p -> p.severity() == Severity.ERROR)
                    .extracting(RecordProblem::position, RecordProblem::id)
                    .containsExactly(tuple(2, "gitea-git"), tuple(5, "broken-entry"));
        }
        JsonNode apps = JSON.readTree(file.toFile()).get("apps");
        assertThat(apps).hasSize(6);
        assertThat(apps.get(2)).isEqualTo(original.get(3));
        assertThat(apps.get(5)).isEqualTo(original.get(6));
    }

    @Test
    void anEntryWithoutIdGetsItsDerivedIdWrittenWhenItIsUpdated() throws Exception {
        try (JsonFileStore store = JsonFileStore.open(file)) {
            App kuma = get(store, "uptime-kuma-status");
            store.write((StoreSession s) -> s.apps().update(kuma.toBuilder().node("pve2").build()));

            assertThat(problems(store)).extracting(RecordProblem::id).doesNotContain("uptime-kuma-status");
        }
        assertThat(JSON.readTree(file.toFile()).get("apps").get(2).get("id").asText()).isEqualTo("uptime-kuma-status");
    }
}
