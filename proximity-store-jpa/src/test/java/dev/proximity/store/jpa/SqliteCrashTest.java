package dev.proximity.store.jpa;

import dev.proximity.api.store.StoreSession;
import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer process killed with SIGKILL at random moments never leaves the SQLite file damaged, and
 * never loses or invents a commit: after each kill the file passes {@code PRAGMA integrity_check},
 * opens as a store (schema validated), and holds exactly the rows the child reported committed
 * (or one more: the commit that was durable when the kill arrived, before the child could print).
 */
class SqliteCrashTest {

    private static final int ROUNDS = 15;

    @TempDir
    Path directory;

    @Test
    void writerKilledAtRandomMomentsLeavesAConsistentFileWithEveryCommit() throws Exception {
        Path file = directory.resolve("crash.db");
        String url = "jdbc:sqlite:" + file;
        JpaStore.open(url).close();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long committedSoFar = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            String context = "round " + round + " (seed " + seed + ")";
            try (ChildJvm child = ChildJvm.start(SqliteChildProcess.class, directory.resolve("child-" + round + ".err"), "insert-forever", file.toString())) {
                assertThat(child.nextLine(Duration.ofMinutes(1))).as(context).isEqualTo("ready");
                Thread.sleep(random.nextInt(400));
                child.kill();
                long reported = lastCommitted(child.allLines(), committedSoFar);

                assertThat(integrityCheck(url)).as(context).isEqualTo("ok");
                try (JpaStore store = JpaStore.open(url)) {
                    long stored = store.read((StoreSession s) -> s.apps().count());
                    assertThat(stored).as(context + ": rows after the kill vs. last commit reported " + reported)
                            .isBetween(reported, reported + 1);
                    assertThat(store.read((StoreSession s) -> s.apps().listAfter(null, 1_000_000)))
                            .as(context + ": every committed row, no gap")
                            .hasSize((int) stored)
                            .allSatisfy(app -> assertThat(app).isEqualTo(SqliteChildProcess.counterApp(
                                    Long.parseLong(app.id().substring("crash-".length()))).toBuilder().version(1).build()));
                    committedSoFar = stored;
                }
            }
        }
        assertThat(committedSoFar).as("the children committed something at all").isPositive();
    }

    private static long lastCommitted(List<String> lines, long before) {
        long last = before;
        for (String line : lines) {
            if (line.startsWith("committed ")) {
                last = Long.parseLong(line.substring("committed ".length()).trim());
            }
        }
        return last;
    }

    private static String integrityCheck(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }
}
