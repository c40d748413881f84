package dev.proximity.store.json;

import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.StoreFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCatalogTest {

    @TempDir
    Path directory;

    @BeforeEach
    void copySamples() {
        for (String name : List.of("adminer", "nginx", "wordpress")) {
            Fixtures.copy("catalog/" + name + ".json", directory.resolve(name + ".json"));
        }
    }

    @Test
    void loadsEverySampleSortedById() {
        JsonCatalog catalog = JsonCatalog.load(directory);

        assertThat(catalog.entries()).extracting(CatalogEntry::id).containsExactly("adminer", "nginx", "wordpress");
        CatalogEntry nginx = catalog.find("nginx").orElseThrow();
        assertThat(nginx.name()).isEqualTo("Nginx");
        assertThat(nginx.version()).isEqualTo("latest");
        assertThat(nginx.category()).isEqualTo("Web Server");
        assertThat(nginx.minMemoryMb()).isEqualTo(256);
        assertThat(nginx.minCpu()).isEqualTo(1);
        assertThat(nginx.ports()).containsExactly(80);
        assertThat(nginx.volumes()).containsExactly("nginx_data");
        assertThat(nginx.icon()).isEqualTo("nginx.svg");
        assertThat(nginx.tags()).containsExactly("web", "proxy");
        assertThat(nginx.dockerCompose()).containsKeys("services", "volumes");
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) nginx.dockerCompose().get("services");
        assertThat(services).containsKey("nginx");
        assertThat(catalog.find("wordpress").orElseThrow().environment()).containsEntry("DB_PASSWORD", "");
        assertThat(catalog.find("adminer").orElseThrow().icon()).isNull();
        assertThat(catalog.find("nope")).isEmpty();
    }

    @Test
    void aBadEntryNamesTheFileAndEveryBadField() throws Exception {
        Path bad = directory.resolve("broken.json");
        Files.writeString(bad, "{\"id\": \"broken\", \"name\": \"Broken\", \"docker_compose\": {}, \"min_memory\": \"lots\", \"min_cpu\": 1}");

        assertThatThrownBy(() -> JsonCatalog.load(directory)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.getMessage()).contains(bad.toString(), "min_memory");
            assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactly("min_memory");
        });

        Files.writeString(bad, "{\"id\": \"broken\", \"name\": \"Broken\", \"docker_compose\": {}, \"min_memory\": 0, \"min_cpu\": 1}");
        assertThatThrownBy(() -> JsonCatalog.load(directory)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.getMessage()).contains(bad.toString());
            assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactly("docker_compose", "min_memory");
        });
    }

    @Test
    void malformedJsonNamesTheFileAndPosition() throws Exception {
        Path bad = directory.resolve("cut.json");
        Files.writeString(bad, "{\"id\": \"cut\",\n \"name\": ");

        assertThatThrownBy(() -> JsonCatalog.load(directory)).isInstanceOfSatisfying(StoreFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(bad.toString());
            assertThat(e.line()).isEqualTo(2);
        });
    }

    @Test
    void aDuplicateIdNamesBothFiles() throws Exception {
        Files.copy(directory.resolve("nginx.json"), directory.resolve("zz-nginx-copy.json"));

        assertThatThrownBy(() -> JsonCatalog.load(directory)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("zz-nginx-copy.json").hasMessageContaining(directory.resolve("nginx.json").toString());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        assertThatThrownBy(() -> JsonCatalog.load(directory.resolve("nowhere"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nowhere").hasMessageContaining("not a directory");
    }
}
