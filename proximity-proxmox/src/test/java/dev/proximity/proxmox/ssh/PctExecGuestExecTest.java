package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.proxmox.simulator.ssh.GuestContainer;
import dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guest exec adapter against a real SSH server playing node {@code pve}, over loopback. */
class PctExecGuestExecTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int RUNNING = 101;
    private static final int STOPPED = 102;
    private static final int ON_OTHER_NODE = 201;

    @TempDir
    static Path work;

    private static InMemoryGuestContainers containers;
    private static SimulatedNodeSshServer node;
    private static PctExecGuestExec exec;

    @BeforeAll
    static void startNode() throws Exception {
        containers = new InMemoryGuestContainers()
                .put(new GuestContainer(RUNNING, "pve", true, "app1"))
                .put(new GuestContainer(STOPPED, "pve", false, "app2"))
                .put(new GuestContainer(ON_OTHER_NODE, "pve2", true, "app3"));
        node = SimulatedNodeSshServer.builder("pve", containers)
                .password("root", SshTestSupport.ROOT_PASSWORD)
                .workDirectory(work)
                .start();
        exec = SshTestSupport.clientFor(SshTestSupport.rootPassword(), node).build();
    }

    @AfterAll
    static void stopNode() {
        exec.close();
        node.close();
    }

    static Stream<Arguments> hostile() {
        return HostileStrings.corpus().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileCommandArrivesVerbatimAtTheContainerShell(String name, String command) {
        exec.run("pve", RUNNING, command, TIMEOUT);

        assertThat(node.lastScript(RUNNING)).contains(command);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileLiteralIsPrintedUnchangedByTheContainer(String name, String literal) {
        ExecResult result = exec.run("pve", RUNNING, "printf '%s' " + ShellQuoting.quote(literal), TIMEOUT);

        assertThat(result.stderr()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(literal);
    }

    @Test
    void sendsExactlyThePctExecCommandLine() {
        exec.run("pve", RUNNING, "echo it's", TIMEOUT);

        assertThat(node.commandLines()).last().isEqualTo("pct exec 101 -- sh -c 'echo it'\\''s'");
    }

    @Test
    void exitCodeStdoutAndStderrPassThrough() {
        ExecResult result = exec.run("pve", RUNNING, "echo out; echo err >&2; exit 3", TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void scriptExiting255WithItsOwnMessageIsAResultNotARefusal() {
        ExecResult result = exec.run("pve", RUNNING, "echo 'Configuration file is broken' >&2; exit 255", TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(255);
        assertThat(result.stderr()).isEqualTo("Configuration file is broken\n");
    }

    @Test
    void runawayOutputIsCappedWithANoteAndTheExitCodeKept() {
        try (PctExecGuestExec capped = SshTestSupport.clientFor(SshTestSupport.rootPassword(), node)
                .maxOutputBytes(1000).build()) {
            ExecResult result = capped.run("pve", RUNNING, "head -c 300000 /dev/zero | tr '\\0' x; exit 7", TIMEOUT);

            assertThat(result.exitCode()).isEqualTo(7);
            assertThat(result.stdout()).startsWith("x".repeat(1000) + "\n[proximity: output truncated after 1000 bytes; "
                    + "299000 more bytes dropped]");
        }
    }

    @Test
    void scriptReadingStdinSeesEndOfInputInsteadOfHanging() {
        ExecResult result = exec.run("pve", RUNNING, "cat; echo after-eof", TIMEOUT);

        assertThat(result.stdout()).isEqualTo("after-eof\n");
    }

    @Test
    void scriptRunsInTheContainersOwnHome() {
        exec.run("pve", RUNNING, "echo state > marker.txt", TIMEOUT);

        ExecResult same = exec.run("pve", RUNNING, "cat \"$HOME/marker.txt\"", TIMEOUT);

        assertThat(same.stdout()).isEqualTo("state\n");
    }

    @Test
    void aTimeoutNeverFiresBeforeItIsDue() {
        // Short timeouts, many times: a wait counted in whole milliseconds would end early in some of them.
        Duration timeout = Duration.ofMillis(25);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> exec.run("pve", RUNNING, "sleep 5", timeout)).isInstanceOf(PlatformTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("attempt %d", attempt).isGreaterThanOrEqualTo(timeout);
        }
    }

    @Test
    void commandRunningPastItsTimeoutIsAbortedAndKilled() throws Exception {
        Duration timeout = Duration.ofSeconds(2);

        assertThatThrownBy(() -> exec.run("pve", RUNNING, "echo $$ > sleeper.pid; exec sleep 60", timeout))
                .isInstanceOf(PlatformTimeoutException.class)
                .hasMessageContaining("pct exec 101 on node 'pve'")
                .satisfies(e -> assertThat(((PlatformTimeoutException) e).waited()).isEqualTo(timeout));

        Path pidFile = node.containerHome(RUNNING).resolve("sleeper.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(waitUntilGone(pid)).as("the timed-out command was killed on the node").isTrue();
        assertThat(exec.run("pve", RUNNING, "echo still usable", TIMEOUT).stdout()).isEqualTo("still usable\n");
    }

    @Test
    void unknownVmidIsRefusedByPctOnTheNode() {
        assertThatThrownBy(() -> exec.run("pve", 999, "true", TIMEOUT))
                .isInstanceOfSatisfying(GuestContainerUnavailableException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(GuestContainerUnavailableException.Refusal.NOT_ON_NODE);
                    assertThat(e.vmid()).isEqualTo(999);
                    assertThat(e.node()).isEqualTo("pve");
                })
                .hasMessageContaining("Configuration file 'nodes/pve/lxc/999.conf' does not exist");
    }

    @Test
    void containerOnAnotherNodeIsNotVisibleHere() {
        assertThatThrownBy(() -> exec.run("pve", ON_OTHER_NODE, "true", TIMEOUT))
                .isInstanceOf(GuestContainerUnavailableException.class)
                .hasMessageContaining("nodes/pve/lxc/201.conf");
    }

    @Test
    void stoppedContainerIsRefused() {
        assertThatThrownBy(() -> exec.run("pve", STOPPED, "true", TIMEOUT))
                .isInstanceOfSatisfying(GuestContainerUnavailableException.class,
                        e -> assertThat(e.refusal()).isEqualTo(GuestContainerUnavailableException.Refusal.NOT_RUNNING))
                .hasMessageContaining("container '102' not running!");
        assertThat(node.lastScript(STOPPED)).isEmpty();
    }

    @Test
    void invalidArgumentsAreRejectedBeforeAnythingIsSent() {
        int sent = node.commandLines().size();

        assertThatThrownBy(() -> exec.run("pve", 0, "true", TIMEOUT)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("vmid");
        assertThatThrownBy(() -> exec.run("pve", -5, "true", TIMEOUT)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> exec.run("pve", 99, "true", TIMEOUT)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> exec.run("pve", RUNNING, "a\0b", TIMEOUT)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> exec.run("pve", RUNNING, null, TIMEOUT)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> exec.run(" ", RUNNING, "true", TIMEOUT)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> exec.run("pve", RUNNING, "true", Duration.ZERO)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> exec.run("pve", RUNNING, "'".repeat(40_000), TIMEOUT))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most " + PctExecCommandLine.MAX_COMMAND_LINE_BYTES);

        assertThat(node.commandLines()).hasSize(sent);
    }

    @Test
    void nodeWithoutAKnownAddressFailsClearly() {
        assertThatThrownBy(() -> exec.run("pve9", RUNNING, "true", TIMEOUT))
                .isInstanceOf(SshGuestExecException.class)
                .hasMessageContaining("no SSH address is configured for node 'pve9'");
    }

    @Test
    void concurrentCommandsShareTheNodeSessionAndKeepTheirOwnOutput() throws Exception {
        exec.run("pve", RUNNING, "true", TIMEOUT);
        int loginsBefore = node.logins();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ExecResult>> results = IntStream.range(0, 12)
                    .mapToObj(i -> pool.submit(() -> exec.run("pve", RUNNING, "echo run-" + i + "; exit " + i, TIMEOUT)))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                ExecResult result = results.get(i).get();
                assertThat(result.stdout()).isEqualTo("run-" + i + "\n");
                assertThat(result.exitCode()).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(node.logins()).as("no new login: the open session was reused").isEqualTo(loginsBefore);
    }

    @Test
    void reconnectsWhenTheNodeDroppedTheSession() {
        // Many rounds: the client may learn of the drop before the next call, or only while it opens its channel.
        for (int round = 1; round <= 20; round++) {
            exec.run("pve", RUNNING, "true", TIMEOUT);
            int loginsBefore = node.logins();
            assertThat(node.dropConnections()).isPositive();

            ExecResult result = exec.run("pve", RUNNING, "echo back", TIMEOUT);

            assertThat(result.stdout()).as("round %d", round).isEqualTo("back\n");
            assertThat(node.logins()).as("round %d", round).isEqualTo(loginsBefore + 1);
        }
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(50);
            } else {
                return true;
            }
        }
        return false;
    }
}
