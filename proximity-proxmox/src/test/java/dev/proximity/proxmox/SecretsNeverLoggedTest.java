package dev.proximity.proxmox;

import dev.proximity.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach log output, at any level: a client session that logs in every way it can is
 * run in its own JVM with every logger at TRACE, and everything it printed is searched.
 */
class SecretsNeverLoggedTest {

    private static final Pattern TICKET = Pattern.compile("PVE:root@pam:[0-9A-F]{8}::");

    @TempDir
    Path dir;

    @Test
    void noPasswordTokenSecretOrTicketAppearsInTraceLogs() throws Exception {
        String output;
        try (ChildJvm child = ChildJvm.start(LoggedSessionMain.class, dir.resolve("session.err"))) {
            assertThat(child.awaitExit(Duration.ofMinutes(2))).as(child.stderr()).isZero();
            output = String.join("\n", child.allLines()) + "\n" + child.stderr();
        }

        assertThat(output).as("the session ran to its end").contains("exec: hello").contains("refused: ").contains("done");
        assertThat(output).as("logging really was at DEBUG/TRACE").contains("DEBUG");
        assertThat(output)
                .doesNotContain(Pve.PASSWORD)
                .doesNotContain(Pve.TOKEN_SECRET)
                .doesNotContain(LoggedSessionMain.SSH_PASSWORD)
                .doesNotContain(LoggedSessionMain.WRONG_PASSWORD)
                .doesNotContainPattern(TICKET);
    }
}
