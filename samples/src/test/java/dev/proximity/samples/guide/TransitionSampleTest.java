package dev.proximity.samples.guide;

import dev.proximity.api.app.App;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.samples.bench.LegacyAppsGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The transitional deployment sample, run as written: every write the application made is in the database. */
class TransitionSampleTest {

    @TempDir
    Path directory;

    @Test
    void theApplicationKeepsWritingWhileItsStateMovesToTheDatabase() throws Exception {
        Path json = directory.resolve("apps.json");
        LegacyAppsGenerator.writeLegacyFile(200, json);
        String database = "jdbc:sqlite:" + directory.resolve("proximity.db");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int writes = TransitionSample.run(json, database, new PrintStream(out, true, StandardCharsets.UTF_8));

        String transcript = out.toString(StandardCharsets.UTF_8);
        assertThat(transcript).contains("phase: JSON_ONLY -> DUAL_WRITE", "created: ", "identical", "phase: DB_PRIMARY -> DB_ONLY",
                "phase: DB_ONLY");
        assertThat(writes).isPositive();
        try (ProximityStore db = Stores.open(database)) {
            assertThat(db.read((StoreSession s) -> s.apps().count())).isEqualTo(200 + writes);
            for (int n = 1; n <= writes; n++) {
                String id = App.idFor("nginx", "app-" + n);
                assertThat(db.read((StoreSession s) -> s.apps().get(id))).as(id).isPresent();
            }
        }
        assertThat(json).exists();
    }
}
