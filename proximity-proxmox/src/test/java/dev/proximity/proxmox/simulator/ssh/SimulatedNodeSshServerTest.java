package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulated node treats a command line the way a real node's login shell and {@code pct} do,
 * which is what makes it able to catch a client's quoting bugs.
 */
class SimulatedNodeSshServerTest {

    private static final Secret PASSWORD = Secret.of("node-pw-0451");

    private static InMemoryGuestContainers containers;
    private static SimulatedNodeSshServer node;

    @BeforeAll
    static void startNode() throws Exception {
        containers = new InMemoryGuestContainers()
                .put(new GuestContainer(101, "pve", true, "one"))
                .put(new GuestContainer(103, "pve", true, "three"))
                .put(new GuestContainer(104, "pve", false, "stopped"));
        node = SimulatedNodeSshServer.builder("pve", containers).password("root", PASSWORD).start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static ExecResult send(String commandLine) throws Exception {
        return RawSsh.exec(node, PASSWORD, commandLine);
    }

    @Test
    void singleQuotedScriptReachesTheContainerShellUntouched() throws Exception {
        ExecResult result = send("pct exec 101 -- sh -c 'printf \"%s\" \"$HOME\"'");

        assertThat(node.lastScript(101)).contains("printf \"%s\" \"$HOME\"");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).endsWith("/containers/101");
    }

    @Test
    void doubleQuotedCommandSubstitutionRunsOnTheNodeLikeOnARealOne() throws Exception {
        send("pct exec 101 -- sh -c \"echo $(echo expanded-by-the-node)\"");

        assertThat(node.lastScript(101)).contains("echo expanded-by-the-node");
    }

    @Test
    void doubleQuotedVariableExpandsToTheNodesHomeNotTheContainers() throws Exception {
        send("pct exec 101 -- sh -c \"echo $HOME\"");

        assertThat(node.lastScript(101)).hasValueSatisfying(script -> assertThat(script).endsWith("/node-home"));
    }

    @Test
    void unquotedGlobExpandsToFilesOnTheNode() throws Exception {
        send("pct exec 101 -- sh -c *");

        assertThat(node.lastScript(101)).contains(LoginShellWords.GLOB_BAIT_FILE);
    }

    @Test
    void unquotedSemicolonRunsASecondCommandOnTheNode() throws Exception {
        ExecResult result = send("pct exec 101 -- sh -c 'echo in-container'; echo ran-on-the-node");

        assertThat(result.stdout()).isEqualTo("in-container\n");
        assertThat(result.stderr()).contains("ran-on-the-node");
    }

    @Test
    void unterminatedQuoteIsTheLoginShellsSyntaxError() throws Exception {
        ExecResult result = send("pct exec 101 -- sh -c 'oops");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).containsIgnoringCase("syntax error");
    }

    @Test
    void unicodeSurvivesTheWholeWay() throws Exception {
        ExecResult result = send("pct exec 101 -- sh -c 'printf %s \"héllo 日本語 🚀\"'");

        assertThat(result.stdout()).isEqualTo("héllo 日本語 🚀");
    }

    @Test
    void commandLineWithoutWordsDoesNothing() throws Exception {
        ExecResult result = send("   # only a comment");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout() + result.stderr()).isEmpty();
    }

    @Test
    void otherProgramsAreNotFound() throws Exception {
        ExecResult result = send("docker ps");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).isEqualTo("sh: 1: docker: not found\n");
    }

    @Test
    void pctRefusesLikePct() throws Exception {
        assertRefused("pct list", "ERROR: unknown command 'pct list'");
        assertRefused("pct exec", "400 not enough arguments");
        assertRefused("pct exec abc -- sh -c true", "vmid: type check ('integer') failed - got 'abc'");
        assertRefused("pct exec 42 -- sh -c true", "vmid: value must have a minimum value of 100");
        assertRefused("pct exec 999 -- sh -c true", "Configuration file 'nodes/pve/lxc/999.conf' does not exist");
        assertRefused("pct exec 104 -- sh -c true", "container '104' not running!");
        assertRefused("pct exec 101", "missing command");
        assertRefused("pct exec 101 -- ls -la", "unsupported by the simulated node");
        assertRefused("pct exec 101 sh -c true", "without '--'");
    }

    @Test
    void containersHaveSeparateHomes() throws Exception {
        send("pct exec 101 -- sh -c 'echo mine > own.txt'");

        ExecResult other = send("pct exec 103 -- sh -c 'cat own.txt'");

        assertThat(other.exitCode()).isNotZero();
        assertThat(send("pct exec 101 -- sh -c 'cat own.txt'").stdout()).isEqualTo("mine\n");
    }

    @Test
    void startingAndStoppingAContainerIsSeenAtOnce() throws Exception {
        containers.put(new GuestContainer(105, "pve", false, "toggle"));
        assertThat(send("pct exec 105 -- sh -c true").exitCode()).isEqualTo(255);

        containers.setRunning(105, true);

        assertThat(send("pct exec 105 -- sh -c true").exitCode()).isZero();
    }

    @Test
    void recordsEveryCommandLineVerbatim() throws Exception {
        String line = "pct exec 101 -- sh -c 'echo recorded'";
        send(line);

        assertThat(node.commandLines()).last().isEqualTo(line);
    }

    @Test
    void knownHostsLineNamesTheNonStandardPortInBrackets() {
        assertThat(node.knownHostsLine()).isEqualTo("[127.0.0.1]:" + node.port() + " " + node.hostKeyEntry());
        assertThat(node.hostKeyEntry()).startsWith("ecdsa-sha2-nistp256 AAAA");
        assertThat(node.hostKeyFingerprint()).startsWith("SHA256:");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> RawSsh.exec(node, Secret.of("guess"), "pct exec 101 -- sh -c true"))
                .hasMessageContaining("No more authentication methods available");
    }

    @Test
    void closingTheServerRemovesItsTemporaryDirectories() throws Exception {
        Path home;
        try (SimulatedNodeSshServer temporary = SimulatedNodeSshServer.builder("pve", containers)
                .password("root", PASSWORD).start()) {
            home = Path.of(RawSsh.exec(temporary, PASSWORD, "pct exec 101 -- sh -c 'printf %s \"$HOME\"'").stdout());
            assertThat(home).isDirectory();
        }
        assertThat(Files.exists(home)).isFalse();
    }

    @Test
    void refusesToStartWithoutAnyCredential() {
        assertThatThrownBy(() -> SimulatedNodeSshServer.builder("pve", containers).start())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("password or authorized key");
    }

    private static void assertRefused(String commandLine, String message) throws Exception {
        ExecResult result = send(commandLine);
        assertThat(result.exitCode()).as(commandLine).isEqualTo(255);
        assertThat(result.stderr()).as(commandLine).contains(message);
        assertThat(result.stdout()).as(commandLine).isEmpty();
    }
}
