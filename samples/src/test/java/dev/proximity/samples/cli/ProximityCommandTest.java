package dev.proximity.samples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProximityCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ProximityCommand.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpListsTheProgramAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: proximity").contains("--version");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).containsPattern("proximity \\d+\\.\\d+\\.\\d+").doesNotContain("${project.version}");
    }

    @Test
    void aNamedSubcommandIsBuiltAloneAndEverythingElseGetsThemAll() {
        assertThat(ProximityCommand.commandLine("runs", "--store", "x").getSubcommands().keySet()).containsExactly("runs");
        assertThat(ProximityCommand.commandLine("--help").getSubcommands().keySet())
                .isEqualTo(ProximityCommand.commandLine().getSubcommands().keySet())
                .contains("help", "migrate", "verify", "phase", "runs", "repair", "apps", "inventory", "quickstart");
        assertThat(ProximityCommand.commandLine("help", "migrate").getSubcommands()).containsKeys("help", "migrate");
        assertThat(ProximityCommand.commandLine("migrat").getSubcommands()).containsKeys("migrate", "verify");
    }

    @Test
    void aSubcommandBuiltAloneHelpsAndFailsAsInTheWholeTree() {
        assertThat(run("migrate", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: proximity migrate").contains("--from=URL");
        assertThat(run("migrate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options: '--from=URL', '--to=URL'");
        assertThat(run("help", "verify")).isZero();
        assertThat(out.toString()).contains("Usage: proximity verify");
    }

    @Test
    void unknownOptionIsAUsageErrorNotACrash() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }
}
