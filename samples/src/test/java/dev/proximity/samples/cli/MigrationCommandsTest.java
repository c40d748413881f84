package dev.proximity.samples.cli;

import dev.proximity.samples.support.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The migration commands as an operator runs them: output lines and exit codes. */
class MigrationCommandsTest {

    @TempDir
    Path directory;

    private String out = "";
    private String err = "";

    private int run(String... args) {
        CommandRun run = CommandRun.of(args);
        out = run.out();
        err = run.err();
        return run.exit();
    }

    @Test
    void migrateACleanFilePrintsTheSummaryAndExitsZero() throws IOException {
        String json = "json:" + fixture("apps-small.json");
        String db = "jdbc:sqlite:" + directory.resolve("p.db");

        assertThat(run("migrate", "--from", json, "--to", db, "--default-owner", "admin")).as(err).isZero();

        assertThat(out).contains("created: 5\n", "updated: 0\n", "skipped: 0\n", "errors: 0\n")
                .contains("default owner given to 5 app(s) without one: nginx-nginx-01,")
                .contains("progress: 5/5 app records");
        assertThat(run("verify", "--from", json, "--to", db)).isZero();
        assertThat(out).contains("5 records compared: identical");
        assertThat(run("runs", "--store", db)).isZero();
        assertThat(out).contains("completed").containsPattern("\\s5\\s+5\\s+0\\s+0\\s+0");
    }

    @Test
    void recordErrorsExitOneAndEachProblemIsPrinted() throws IOException {
        String json = "json:" + fixture("apps-quirks.json");
        String db = "jdbc:sqlite:" + directory.resolve("p.db");

        assertThat(run("migrate", "--from", json, "--to", db)).isEqualTo(1);

        assertThat(out).contains("created: 4\n", "errors: 3\n")
                .contains("  record 6 (broken-entry): unreadable in the source (kept there untouched): lxc_id 'one-hundred'")
                .contains("  record 1 (gitea-git): id 'gitea-git' is also claimed by record 'gitea-git' (position 3)");
        assertThat(run("verify", "--from", json, "--to", db)).isEqualTo(1);
        assertThat(out).contains("missing in " + db + ": app gitea-git").contains("not identical");
    }

    @Test
    void dryRunWritesNothing() throws IOException {
        String json = "json:" + fixture("apps-small.json");
        String db = "jdbc:sqlite:" + directory.resolve("p.db");

        assertThat(run("migrate", "--from", json, "--to", db, "--dry-run")).isZero();

        assertThat(out).contains("would create: 5\n", "would update: 0\n", "would skip: 0\n", "nothing written");
        assertThat(run("runs", "--store", db)).isZero();
        assertThat(out).contains("no migration runs recorded");
    }

    @Test
    void aTruncatedSourceIsFatalExitTwo() throws IOException {
        String json = "json:" + fixture("apps-truncated.json");

        assertThat(run("migrate", "--from", json, "--to", "jdbc:sqlite:" + directory.resolve("p.db"))).isEqualTo(2);

        assertThat(out + err).contains("apps-truncated.json at line 3, column 43");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("migrate", "--from", "json:x.json")).isEqualTo(2);
        assertThat(err).contains("Missing required option: '--to=URL'");
        assertThat(run("migrate", "--from", "nope", "--to", "jdbc:sqlite:" + directory.resolve("p.db"))).isEqualTo(2);
        assertThat(err).contains("error: ").contains("has no scheme");
        assertThat(run("phase", "--store", "jdbc:sqlite:" + directory.resolve("p.db"))).isEqualTo(2);
        assertThat(err).contains("is not a dual-write store");
        assertThat(run("migrate", "--from", "json:x.json", "--to", "jdbc:postgresql://nowhere.invalid/db?password=hunter2")).isEqualTo(2);
        assertThat(err).doesNotContain("hunter2");
    }

    @Test
    void theWholeJourneyThroughPhasesWithTheCommands() throws IOException {
        Path file = fixture("apps-small.json");
        String db = "jdbc:sqlite:" + directory.resolve("p.db");
        String dual = "dual:json:" + file + "|" + db;

        assertThat(run("phase", "--store", dual)).isZero();
        assertThat(out).contains("phase: JSON_ONLY");
        assertThat(run("phase", "--store", dual, "set", "DB_PRIMARY")).isEqualTo(2);
        assertThat(err).contains("one step at a time");
        assertThat(run("phase", "--store", dual, "set", "dual_write")).isZero();
        assertThat(out).contains("phase: JSON_ONLY -> DUAL_WRITE");
        assertThat(run("phase", "--store", dual, "set", "DB_PRIMARY")).isEqualTo(2);
        assertThat(err).contains("a backfill of JSON into the database must complete before the database becomes primary");
        assertThat(run("migrate", "--from", "json:" + file, "--to", db)).isZero();
        assertThat(run("verify", "--from", "json:" + file, "--to", db)).isZero();
        assertThat(run("phase", "--store", dual, "set", "DB_PRIMARY")).isZero();
        assertThat(run("phase", "--store", dual, "set", "DB_ONLY")).isZero();
        assertThat(run("repair", "--store", dual)).isZero();
        assertThat(out).contains("found: 0", "replayed: 0");
        assertThat(run("phase", "--store", dual, "set", "ARCHIVED")).isZero();

        assertThat(file).doesNotExist();
        try (var archived = Files.list(directory)) {
            assertThat(archived.map(p -> p.getFileName().toString())).anyMatch(name -> name.matches("apps-small\\.json\\.archived-\\d{8}T\\d{6}Z"));
        }
        assertThat(run("phase", "--store", dual, "set", "DB_ONLY")).isEqualTo(2);
        assertThat(err).contains("ARCHIVED is final");
    }

    private Path fixture(String name) throws IOException {
        Path copy = directory.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/legacy/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }
}
