package dev.proximity.samples.support;

import dev.proximity.samples.cli.ProximityCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code proximity} command line in this JVM, as an operator would type it.
 *
 * @param exit the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record CommandRun(int exit, String out, String err) {

    /**
     * @param args the arguments
     * @return the finished run
     */
    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ProximityCommand.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
