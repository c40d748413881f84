package dev.proximity.samples.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.migration.MigrationPhase;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.core.DualWriteStore;
import dev.proximity.core.StoreMigration;
import dev.proximity.samples.bench.LegacyAppsGenerator;
import dev.proximity.samples.support.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs write through one dual-write store (a JSON file and an SQLite database) while this one
 * switches its phase forward, back and forward again, with the backfills each switch asks for: no
 * write a writer saw succeed is lost or left half-done, nobody deadlocks, and at the end both stores
 * are identical.
 */
class TwoProcessPhaseSwitchTest {

    @TempDir
    Path directory;

    @Test
    void writersInOtherProcessesLoseNothingWhilePhasesSwitch() throws Exception {
        Path file = directory.resolve("apps.json");
        LegacyAppsGenerator.writeLegacyFile(300, file);
        String url = "dual:json:" + file + "|jdbc:sqlite:" + directory.resolve("proximity.db");
        List<ChildJvm> writers = new ArrayList<>();
        try (DualWriteStore dual = (DualWriteStore) Stores.open(url)) {
            for (String prefix : List.of("a", "b")) {
                writers.add(ChildJvm.start(DualWriterMain.class, directory.resolve(prefix + ".err"), url, prefix));
            }
            for (ChildJvm writer : writers) {
                assertThat(writer.nextLine(Duration.ofMinutes(1))).startsWith("inserted ");
            }
            List<MigrationPhase> path = List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.DB_PRIMARY, MigrationPhase.DB_ONLY,
                    MigrationPhase.DB_PRIMARY, MigrationPhase.DUAL_WRITE, MigrationPhase.DB_PRIMARY);
            for (MigrationPhase next : path) {
                awaitWritesFromEach(writers);
                MigrationPhase now = dual.phase();
                if ((now == MigrationPhase.DUAL_WRITE && next == MigrationPhase.DB_PRIMARY)
                        || (now == MigrationPhase.DB_PRIMARY && next == MigrationPhase.DUAL_WRITE)) {
                    Phases.backfill(dual);
                }
                assertThat(dual.switchPhase(next)).isEqualTo(next);
            }
            assertThat(writers).as("still writing after the last switch").allMatch(ChildJvm::isAlive);
            awaitWritesFromEach(writers);
            for (ChildJvm writer : writers) {
                writer.send("stop");
            }
            List<String> lines = new ArrayList<>();
            for (ChildJvm writer : writers) {
                assertThat(writer.awaitExit(Duration.ofMinutes(4))).as(writer.stderr()).isZero();
                lines.addAll(writer.allLines());
            }
            assertThat(lines).filteredOn(line -> line.startsWith("failed")).isEmpty();
            List<String> stopped = lines.stream().filter(line -> line.startsWith("stopped ")).map(line -> line.substring(8)).toList();
            List<String> inserted = lines.stream().filter(line -> line.startsWith("inserted ")).map(line -> line.substring(9)).toList();
            assertThat(stopped).hasSizeGreaterThan(20).hasSizeBetween(inserted.size() - 2, inserted.size());

            for (var store : List.of(dual.json(), dual.database())) {
                for (String id : stopped) {
                    Optional<App> app = store.read((StoreSession s) -> s.apps().get(id));
                    assertThat(app).as(id + " in " + store.descriptor()).get().extracting(App::status).isEqualTo(AppStatus.STOPPED);
                }
                assertThat(store.read((StoreSession s) -> s.apps().count())).isEqualTo(300 + inserted.size());
            }
            VerifyReport report = StoreMigration.of(dual).verify();
            assertThat(report.missingInTarget()).isEmpty();
            assertThat(report.missingInSource()).isEmpty();
            assertThat(report.different()).isEmpty();
        } finally {
            for (ChildJvm writer : writers) {
                writer.close();
            }
        }
    }

    /**
     * Paces the switches by the writers' progress, not by the clock: each finishes two more apps in every phase,
     * so seven phases give each writer at least fourteen.
     */
    private static void awaitWritesFromEach(List<ChildJvm> writers) throws InterruptedException {
        for (ChildJvm writer : writers) {
            for (int write = 0; write < 2; write++) {
                writer.nextFreshLineStartingWith("stopped ", Duration.ofMinutes(1));
            }
        }
    }
}
