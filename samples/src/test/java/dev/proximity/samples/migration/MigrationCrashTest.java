package dev.proximity.samples.migration;

import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.api.testing.ChildJvm;
import dev.proximity.core.StoreMigration;
import dev.proximity.samples.bench.LegacyAppsGenerator;
import dev.proximity.samples.cli.ProximityCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code migrate} command in a child JVM, killed with SIGKILL at random moments 20 times, each
 * time resumed from its checkpoint (or started again when the kill came before a run was recorded);
 * then run to the end: verify finds the stores identical, nothing is duplicated, and the source file
 * is byte-identical to what it was before the first run.
 */
class MigrationCrashTest {

    private static final int APPS = 40_000;
    private static final int ROUNDS = 20;

    @TempDir
    Path directory;

    @Test
    void aMigrationKilledAtRandomPointsResumesToAnIdenticalCopy() throws Exception {
        Path source = directory.resolve("apps.json");
        LegacyAppsGenerator.writeLegacyFile(APPS, source);
        addLeasesAndLogs(source);
        byte[] digest = sha256(source);
        String target = "jdbc:sqlite:" + directory.resolve("proximity.db");
        Random random = new Random(Long.getLong("proximity.seed", 20261203L));

        int killedMidRun = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> args = new ArrayList<>(List.of("migrate", "--from", "json:" + source, "--to", target, "--batch", "200"));
            resumable(target).ifPresent(run -> args.addAll(List.of("--resume", run.id())));
            try (ChildJvm child = ChildJvm.start(ProximityCommand.class, directory.resolve("migrate-" + round + ".err"),
                    args.toArray(String[]::new))) {
                Thread.sleep(600 + random.nextInt(2400));
                child.kill();
            }
            MigrationRun latest = latest(target);
            if (latest != null && latest.status() == MigrationRunStatus.INTERRUPTED) {
                killedMidRun++;
            }
        }

        List<String> args = new ArrayList<>(List.of("migrate", "--from", "json:" + source, "--to", target));
        resumable(target).ifPresent(run -> args.addAll(List.of("--resume", run.id())));
        try (ChildJvm child = ChildJvm.start(ProximityCommand.class, directory.resolve("final.err"), args.toArray(String[]::new))) {
            assertThat(child.awaitExit(Duration.ofMinutes(3))).as(child.stderr()).isZero();
            assertThat(child.allLines()).contains("errors: 0");
        }

        assertThat(killedMidRun).as("kills that landed while a run was copying").isGreaterThanOrEqualTo(ROUNDS / 4);
        try (StoreMigration migration = StoreMigration.between("json:" + source, target)) {
            VerifyReport report = migration.verify();
            assertThat(report.missingInTarget()).isEmpty();
            assertThat(report.missingInSource()).isEmpty();
            assertThat(report.different()).isEmpty();
            assertThat(report.compared()).isEqualTo(APPS + 3 + 2);
        }
        try (ProximityStore db = Stores.open(target)) {
            assertThat(db.read((StoreSession s) -> s.apps().count())).isEqualTo(APPS);
            assertThat(db.read((StoreSession s) -> s.portLeases().listAfter(0, 100))).hasSize(3);
            assertThat(db.read((StoreSession s) -> s.deploymentLogs().appIdsAfter(null, 100))).hasSize(2);
        }
        // a run killed while the query indexes were set aside left them to the next open, which built them
        try (java.sql.Connection sql = java.sql.DriverManager.getConnection(target);
             java.sql.Statement statement = sql.createStatement()) {
            java.sql.ResultSet indexes = statement.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app' AND name LIKE 'ix_app_%'");
            indexes.next();
            assertThat(indexes.getInt(1)).isEqualTo(8);
            java.sql.ResultSet aside = statement.executeQuery("SELECT count(*) FROM deferred_index");
            aside.next();
            assertThat(aside.getInt(1)).isZero();
        }
        assertThat(sha256(source)).isEqualTo(digest);
    }

    /** A few records of the other kinds, so every kind moves through the kills. */
    private static void addLeasesAndLogs(Path source) {
        try (ProximityStore json = Stores.open("json:" + source)) {
            json.write((StoreSession s) -> {
                Instant now = Instant.parse("2025-11-01T10:00:00Z");
                for (int port = 30000; port < 30003; port++) {
                    s.portLeases().save(new PortLease(port, "nginx-nginx-000000" + (port - 30000), LeaseState.BOUND, now, null));
                }
                s.deploymentLogs().append(new DeploymentLogEntry("nginx-nginx-0000000", now, LogLevel.INFO, DeploymentLogEntry.LXC_CREATE, "created"));
                s.deploymentLogs().append(new DeploymentLogEntry("nginx-nginx-0000000", now.plusSeconds(3), LogLevel.INFO, DeploymentLogEntry.LXC_START, "started"));
                s.deploymentLogs().append(new DeploymentLogEntry("redis-redis-0000004", now, LogLevel.INFO, DeploymentLogEntry.LXC_CREATE, "created"));
                return null;
            });
        }
    }

    private static java.util.Optional<MigrationRun> resumable(String target) {
        MigrationRun latest = latest(target);
        return latest != null && latest.status().isResumable() ? java.util.Optional.of(latest) : java.util.Optional.empty();
    }

    private static MigrationRun latest(String target) {
        try (ProximityStore db = Stores.open(target)) {
            List<MigrationRun> runs = StoreMigration.runsIn(db);
            return runs.isEmpty() ? null : runs.get(0);
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
