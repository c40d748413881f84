package dev.proximity.store.json;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A truncated file is an error with its position and is never overwritten; a missing file is an empty store. */
class MalformedAndMissingFileTest {

    @TempDir
    Path directory;

    private static App app(String hostname) {
        return App.builder().id("nginx-" + hostname).catalogId("nginx").name(hostname).hostname(hostname)
                .status(AppStatus.RUNNING).build();
    }

    private static void assertNamesFileAndPosition(Throwable thrown, Path file) {
        assertThat(thrown).isInstanceOfSatisfying(StoreFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isPositive();
            assertThat(e.getMessage()).contains(file.getFileName().toString(), "line 3", "left untouched");
        });
    }

    @Test
    void openingATruncatedFileFailsWithFileAndPositionAndLeavesItUntouched() throws Exception {
        Path file = Fixtures.copy("legacy/apps-truncated.json", directory.resolve("apps.json"));
        byte[] before = Files.readAllBytes(file);

        Throwable thrown = catchThrowable(() -> JsonFileStore.open(file));

        assertNamesFileAndPosition(thrown, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThatThrownBy(() -> Stores.open("json:" + file)).isInstanceOf(StoreFormatException.class);
    }

    @Test
    void aFileDamagedWhileOpenFailsReadsAndWritesAndIsNeverOverwritten() throws Exception {
        Path file = directory.resolve("apps.json");
        try (JsonFileStore store = JsonFileStore.open(file)) {
            store.write((StoreSession s) -> s.apps().insert(app("web")));
            Fixtures.copy("legacy/apps-truncated.json", file);
            byte[] damaged = Files.readAllBytes(file);

            assertNamesFileAndPosition(catchThrowable(
                    () -> store.read((StoreSession s) -> s.apps().count())), file);
            assertNamesFileAndPosition(catchThrowable(
                    () -> store.write((StoreSession s) -> s.apps().insert(app("other")))), file);

            assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("apps.json", "apps.json.lock");
            }
        }
    }

    @Test
    void aDamagedInventoryEntryIsAFormatErrorNamingItAndTheFileIsKept() throws Exception {
        Path file = directory.resolve("apps.json");
        String content = "{\"apps\": [], \"inventory\": [{\"id\": \"lxc/101\", \"type\": \"lxc\", \"node\": \"pve\", "
                + "\"tags\": [], \"properties\": {}, \"metrics\": {\"cpu\": \"busy\"}, \"digest\": \"d\", "
                + "\"first_seen\": \"2026-01-01T00:00:00Z\", \"changed_at\": \"2026-01-01T00:00:00Z\", "
                + "\"refreshed_at\": \"2026-01-01T00:00:00Z\", \"stale\": false}]}";
        Files.writeString(file, content);

        assertThatThrownBy(() -> JsonFileStore.open(file)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("inventory[0].metrics.cpu");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void otherShapesAreFormatErrorsToo() throws Exception {
        Path file = directory.resolve("apps.json");
        for (String content : new String[] {"", "null", "[1, 2]", "{\"apps\": {}}", "{\"apps\": []} trailing",
                "{\"apps\": [], \"apps\": []}", "{\"apps\": [{\"id\": \"x\"}"}) {
            Files.writeString(file, content);
            assertThatThrownBy(() -> JsonFileStore.open(file)).as(content).isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining(file.toString());
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    @Test
    void aDamagedSectionOfThisLibraryNamesTheElement() throws Exception {
        Path file = directory.resolve("apps.json");
        Files.writeString(file, "{\"apps\": [], \"port_leases\": [{\"port\": 8100, \"owner_id\": \"a\", \"state\": \"lost\","
                + " \"leased_at\": \"2025-10-04 00:00:00\", \"expires_at\": null}]}");

        assertThatThrownBy(() -> JsonFileStore.open(file)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("port_leases[0].state 'lost'");
    }

    @Test
    void aMissingFileIsAnEmptyStoreCreatedWithItsDirectoriesOnFirstWrite() throws Exception {
        Path file = directory.resolve("deep").resolve("data").resolve("apps.json");
        try (ProximityStore store = Stores.open("json:" + file)) {
            assertThat(store).isInstanceOf(JsonFileStore.class);
            assertThat(store.descriptor().kind()).isEqualTo("json");
            assertThat(store.descriptor().location()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(store.read((StoreSession s) -> s.apps().count())).isZero();
            assertThat(file).doesNotExist();

            store.write((StoreSession s) -> s.apps().insert(app("web")));
        }
        assertThat(Files.readString(file)).startsWith("{").contains("\"apps\"", "nginx-web").doesNotContain("port_leases");
    }

    @Test
    void aDeletedFileReadsAsEmptyAgain() throws Exception {
        Path file = directory.resolve("apps.json");
        try (JsonFileStore store = JsonFileStore.open(file)) {
            store.write((StoreSession s) -> s.apps().insert(app("web")));
            Files.delete(file);

            assertThat(store.read((StoreSession s) -> s.apps().count())).isZero();
            store.write((StoreSession s) -> s.apps().insert(app("api")));
            assertThat(store.read((StoreSession s) -> s.apps().listAfter(null, 10))).extracting(App::id).containsExactly("nginx-api");
        }
    }

    @Test
    void sessionsAreValidOnlyInsideTheirCallAndWritesDoNotNest() {
        try (JsonFileStore store = JsonFileStore.open(directory.resolve("apps.json"))) {
            StoreSession leaked = store.read(s -> s);
            assertThatThrownBy(() -> leaked.apps().count()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.write(s -> store.write(inner -> inner.apps().insert(app("web")))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("nested");
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        JsonFileStore store = JsonFileStore.open(directory.resolve("apps.json"));
        store.close();

        assertThatThrownBy(() -> store.read(s -> s.apps().count())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.write(s -> s.apps().count())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
