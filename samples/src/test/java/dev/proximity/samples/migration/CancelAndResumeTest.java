package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationReport;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.core.StoreMigration;
import dev.proximity.samples.bench.LegacyAppsGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill reads the source on a thread of its own, a batch ahead of the writer, into an app table
 * whose query indexes are set aside: a cancel still stops it after the batch it was asked in, with
 * the reader gone, the indexes back and the checkpoint exact, and a resume finishes the copy.
 */
class CancelAndResumeTest {

    private static final int APPS = 12_000;
    private static final int BATCH = 1_000;

    @TempDir
    Path directory;

    @Test
    void aCancelledRunStopsAfterItsBatchWithTheIndexesBackAndResumesToTheEnd() throws Exception {
        Path file = directory.resolve("apps.json");
        LegacyAppsGenerator.writeLegacyFile(APPS, file);
        byte[] before = Files.readAllBytes(file);
        String database = "jdbc:sqlite:" + directory.resolve("proximity.db");
        int indexesOfANewStore;
        try (StoreMigration migration = StoreMigration.between("json:" + file, database)) {
            indexesOfANewStore = queryInt(database, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app'");
            AtomicBoolean asked = new AtomicBoolean();
            MigrationRun started = migration.start(new MigrationRequest(BATCH, false), run -> {
                if (run.progress().processed() >= 3 * BATCH && asked.compareAndSet(false, true)) {
                    migration.cancel(run.id());
                }
            });
            MigrationReport cancelled = migration.await(started.id());

            assertThat(cancelled.run().status()).isEqualTo(MigrationRunStatus.CANCELLED);
            assertThat(cancelled.run().progress().processed()).isEqualTo(3 * BATCH);
            assertThat(cancelled.run().progress().lastId()).isEqualTo("position:" + (3 * BATCH - 1));
            assertThat(queryInt(database, "SELECT count(*) FROM app")).isEqualTo(3 * BATCH);
            assertThat(queryInt(database, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app'"))
                    .isEqualTo(indexesOfANewStore);
            assertThat(queryInt(database, "SELECT count(*) FROM deferred_index")).isZero();
            assertThat(readerThreadsOf(started.id())).isZero();

            migration.resume(started.id());
            MigrationReport resumed = migration.await(started.id());
            assertThat(resumed.run().status()).isEqualTo(MigrationRunStatus.COMPLETED);
            assertThat(resumed.run().counts()).isEqualTo(new MigrationCounts(APPS, 0, 0, 0));
            assertThat(migration.verify().isConsistent()).isTrue();
        }
        assertThat(queryInt(database, "SELECT count(*) FROM app")).isEqualTo(APPS);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    /** The reader ends before the run is reported cancelled; give the thread a moment to leave. */
    private static long readerThreadsOf(String runId) throws InterruptedException {
        long alive = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("proximity-migration-reader-" + runId) && thread.isAlive()).count();
            if (alive == 0) {
                return 0;
            }
            Thread.sleep(20);
        }
        return alive;
    }

    private static int queryInt(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
