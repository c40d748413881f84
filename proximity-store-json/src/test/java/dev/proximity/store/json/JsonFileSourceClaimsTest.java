package dev.proximity.store.json;

import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordVisitor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The claims pass reads only ids, hostnames and vmids; for every app the full stream reads, it must
 * read exactly the same values, or a duplicate would slip past the migration's check.
 */
class JsonFileSourceClaimsTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"apps-small.json", "apps-quirks.json"})
    void everyReadableAppHasExactlyTheClaimsTheFullStreamReads(String fixture) {
        Path file = Fixtures.copy("legacy/" + fixture, directory.resolve(fixture));
        JsonFileSource source = new JsonFileSource(file);

        Map<Long, String> full = new TreeMap<>();
        List<Long> unreadable = new ArrayList<>();
        source.stream(null, new RecordVisitor() {
            @Override
            public boolean app(long position, String checkpoint, dev.proximity.api.app.App app) {
                full.put(position, app.id() + "|" + app.hostname() + "|" + app.vmid());
                return true;
            }

            @Override
            public boolean unreadableApp(String checkpoint, RecordProblem problem) {
                unreadable.add((long) problem.position());
                return true;
            }
        });
        Map<Long, String> light = new TreeMap<>();
        source.streamClaims((position, id, hostname, vmid) -> {
            light.put(position, id + "|" + hostname + "|" + vmid);
            return true;
        });

        assertThat(light).hasSize(full.size() + unreadable.size());
        full.forEach((position, claims) -> assertThat(light.get(position)).as("record at position %d", position).isEqualTo(claims));
    }

    @Test
    void oddEntriesAreCountedAndTheirReadableClaimsKept() throws IOException {
        Path file = directory.resolve("odd.json");
        Files.writeString(file, """
                {"settings": {"a": "b"}, "apps": [
                  {"catalog_id": "nginx", "hostname": "Web-1", "lxc_id": "130.0", "config": {"deep": [1, {"id": "not-me"}]}},
                  42,
                  {"id": "x", "id": "y", "hostname": "h-2", "lxc_id": null},
                  {"id": "z", "hostname": {"not": "text"}}
                ], "port_leases": []}
                """);
        List<String> claims = new ArrayList<>();
        new JsonFileSource(file).streamClaims((position, id, hostname, vmid) -> claims.add(position + ":" + id + "|" + hostname + "|" + vmid));

        assertThat(claims).containsExactly("0:nginx-web-1|web-1|130", "1:null|null|null", "2:y|h-2|null", "3:z|null|null");
    }

    @Test
    void aFileBrokenAnywhereFailsTheClaimsPassAsItFailsTheFullStream() throws IOException {
        Path truncated = Fixtures.copy("legacy/apps-truncated.json", directory.resolve("apps-truncated.json"));
        assertThatThrownBy(() -> new JsonFileSource(truncated).streamClaims((position, id, hostname, vmid) -> true))
                .isInstanceOf(StoreFormatException.class).hasMessageContaining(truncated.toString());

        Path brokenAfterTheApps = directory.resolve("broken-after.json");
        Files.writeString(brokenAfterTheApps, "{\"apps\": [{\"id\": \"a\", \"hostname\": \"aaa\"}], \"port_leases\": [{\"port\": ");
        assertThatThrownBy(() -> new JsonFileSource(brokenAfterTheApps).streamClaims((position, id, hostname, vmid) -> true))
                .isInstanceOf(StoreFormatException.class).hasMessageContaining(brokenAfterTheApps.toString());
    }
}
