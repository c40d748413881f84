package dev.proximity.samples.migration;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationReport;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreSession;
import dev.proximity.api.store.Stores;
import dev.proximity.core.StoreMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The legacy fixtures migrated into SQLite, each record's outcome written down: what is copied,
 * what is reported (by position, id and reason), and that the source is byte-identical afterwards.
 */
class LegacyFixturesMigrationTest {

    @TempDir
    Path directory;

    @Test
    void smallFileCopiesEveryAppAndGivesTheDefaultOwnerToAppsWithoutOne() throws IOException {
        Path file = fixture("apps-small.json");
        byte[] before = Files.readAllBytes(file);

        MigrationReport report = migrate(file, "admin");

        assertThat(report.run().status()).isEqualTo(MigrationRunStatus.COMPLETED);
        assertThat(report.run().counts()).isEqualTo(new MigrationCounts(5, 0, 0, 0));
        assertThat(report.outcomes()).extracting(RecordOutcome::position, RecordOutcome::id, RecordOutcome::result)
                .containsExactly(tuple(0, "nginx-nginx-01", RecordOutcome.Result.UPDATED),
                        tuple(1, "wordpress-wordpress-prod", RecordOutcome.Result.UPDATED),
                        tuple(2, "nextcloud-nextcloud-storage", RecordOutcome.Result.UPDATED),
                        tuple(3, "postgres-postgres-db", RecordOutcome.Result.UPDATED),
                        tuple(4, "redis-redis-cache", RecordOutcome.Result.UPDATED));
        assertThat(report.outcomes()).allSatisfy(o -> assertThat(o.reason()).isEqualTo("had no owner; given the default owner 'admin'"));
        try (ProximityStore db = Stores.open(databaseUrl())) {
            App nginx = db.read((StoreSession s) -> s.apps().get("nginx-nginx-01")).orElseThrow();
            assertThat(nginx.ownerId()).isEqualTo("admin");
            assertThat(nginx.vmid()).isEqualTo(105);
            assertThat(nginx.node()).isEqualTo("opti2");
            assertThat(nginx.ports()).isEqualTo(Map.of(80, 80, 443, 443));
            // microseconds are beyond every store's precision: kept to the millisecond
            assertThat(nginx.createdAt()).isEqualTo(Instant.parse("2025-10-04T00:33:41.918Z"));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(verify(file).isConsistent()).isTrue();
    }

    @Test
    void quirkyFileCopiesEveryReadableRecordAndReportsEachBadOneByPositionAndId() throws IOException {
        Path file = fixture("apps-quirks.json");
        byte[] before = Files.readAllBytes(file);

        MigrationReport report = migrate(file, null);

        assertThat(report.run().status()).isEqualTo(MigrationRunStatus.COMPLETED);
        assertThat(report.run().counts()).isEqualTo(new MigrationCounts(4, 0, 0, 3));
        assertThat(report.outcomes()).extracting(RecordOutcome::position, RecordOutcome::id, RecordOutcome::result)
                .containsExactlyInAnyOrder(tuple(6, "broken-entry", RecordOutcome.Result.ERROR),
                        tuple(1, "gitea-git", RecordOutcome.Result.ERROR),
                        tuple(3, "gitea-git", RecordOutcome.Result.ERROR));
        assertThat(report.outcomes()).filteredOn(o -> o.position() == 6).singleElement().extracting(RecordOutcome::reason)
                .asString().contains("lxc_id 'one-hundred' is not a whole number").contains("'eighty' is not a whole number");
        assertThat(report.outcomes()).filteredOn(o -> o.position() == 1).singleElement().extracting(RecordOutcome::reason)
                .asString().contains("also claimed by record 'gitea-git' (position 3)").contains("none of them was copied");
        try (ProximityStore db = Stores.open(databaseUrl())) {
            assertThat(db.read((StoreSession s) -> s.apps().listAfter(null, 100))).extracting(App::id)
                    .containsExactly("adminer-db-ui", "jellyfin-media", "uptime-kuma-status", "vaultwarden-vault");
            App adminer = db.read((StoreSession s) -> s.apps().get("adminer-db-ui")).orElseThrow();
            assertThat(adminer.status()).isEqualTo(AppStatus.UPDATE_FAILED);
            App jellyfin = db.read((StoreSession s) -> s.apps().get("jellyfin-media")).orElseThrow();
            assertThat(jellyfin.vmid()).isEqualTo(124);
            assertThat(jellyfin.ports()).isEqualTo(Map.of(8096, 8096));
            App vault = db.read((StoreSession s) -> s.apps().get("vaultwarden-vault")).orElseThrow();
            assertThat(vault.name()).isEqualTo("Vaultwärden ✓");
            assertThat(vault.config()).containsEntry("extra", Map.of("nested", List.of(1, 2, 3)));
            assertThat(vault.ownerId()).isNull();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        VerifyReport check = verify(file);
        assertThat(check.missingInTarget()).containsExactly("app gitea-git", "app gitea-git",
                "app broken-entry at position 6 (unreadable: lxc_id 'one-hundred' is not a whole number; ports[\"80\"] 'eighty' is not a whole number)");
        assertThat(check.different()).isEmpty();
        assertThat(check.missingInSource()).isEmpty();
    }

    @Test
    void unambiguousLegacyValuesAreReadNotRejected() throws IOException {
        Path file = fixture("apps-legacy-values.json");

        MigrationReport report = migrate(file, null);

        assertThat(report.run().counts()).isEqualTo(new MigrationCounts(2, 0, 0, 0));
        try (ProximityStore db = Stores.open(databaseUrl())) {
            App floaty = db.read((StoreSession s) -> s.apps().get("nginx-float")).orElseThrow();
            assertThat(floaty.vmid()).isEqualTo(130);
            assertThat(floaty.status()).isEqualTo(AppStatus.RUNNING);
            assertThat(floaty.ports()).isEqualTo(Map.of(80, 8080));
            assertThat(floaty.createdAt()).isEqualTo(Instant.ofEpochSecond(1759538021));
            assertThat(floaty.updatedAt()).isEqualTo(Instant.ofEpochSecond(1759538022));
            App offset = db.read((StoreSession s) -> s.apps().get("redis-offset")).orElseThrow();
            assertThat(offset.status()).isEqualTo(AppStatus.STOPPED);
            assertThat(offset.vmid()).isEqualTo(131);
            assertThat(offset.createdAt()).isEqualTo(Instant.parse("2025-10-04T00:33:41.918Z"));
            assertThat(offset.updatedAt()).isEqualTo(Instant.parse("2025-10-04T00:33:41Z"));
            assertThat(offset.ownerId()).isEqualTo("user-7");
        }
        assertThat(verify(file).isConsistent()).isTrue();
    }

    @Test
    void truncatedFileIsAClearErrorNamingFileAndPositionAndNothingMoves() throws IOException {
        Path file = fixture("apps-truncated.json");
        byte[] before = Files.readAllBytes(file);

        MigrationReport report = migrate(file, null);

        assertThat(report.run().status()).isEqualTo(MigrationRunStatus.FAILED);
        assertThat(report.run().events().get(report.run().events().size() - 1).message())
                .contains(file.toString()).contains("line 3, column 43").contains("left untouched");
        try (ProximityStore db = Stores.open(databaseUrl())) {
            assertThat(db.read((StoreSession s) -> s.apps().count())).isZero();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThatThrownBy(() -> verify(file)).isInstanceOf(StoreFormatException.class).hasMessageContaining(file.toString());
    }

    @Test
    void runningItAgainChangesNothing() throws IOException {
        Path file = fixture("apps-small.json");
        migrate(file, null);

        MigrationReport again = migrate(file, null);

        assertThat(again.run().counts()).isEqualTo(new MigrationCounts(0, 0, 5, 0));
        assertThat(again.outcomes()).extracting(RecordOutcome::reason).containsOnly("the target holds the same or a newer version");
    }

    private MigrationReport migrate(Path file, String defaultOwner) {
        try (StoreMigration migration = StoreMigration.between("json:" + file, databaseUrl())) {
            return migration.await(migration.start(MigrationRequest.defaults().withDefaultOwner(defaultOwner)).id());
        }
    }

    private VerifyReport verify(Path file) {
        try (StoreMigration migration = StoreMigration.between("json:" + file, databaseUrl())) {
            return migration.verify();
        }
    }

    private String databaseUrl() {
        return "jdbc:sqlite:" + directory.resolve("proximity.db");
    }

    private Path fixture(String name) throws IOException {
        Path copy = directory.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/legacy/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }
}
