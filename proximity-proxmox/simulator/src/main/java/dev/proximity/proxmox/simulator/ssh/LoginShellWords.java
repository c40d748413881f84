package dev.proximity.proxmox.simulator.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SSH command line into argv exactly as the node's login shell would, by asking the
 * real {@code /bin/sh} to do it: no hand-written parser could be trusted to agree with a shell.
 *
 * <p>The shell reads the command line from standard input, evaluates {@code set -- <line>} so
 * that it performs its full word splitting, quote removal and expansions, and writes the
 * resulting words NUL-separated to a private descriptor. A correctly quoted line therefore
 * arrives unchanged, while a badly quoted one is expanded here ({@code $(id)} runs, {@code $HOME}
 * and globs expand, {@code ;} starts a second command) just as it would be on a real node, which
 * is what lets tests catch quoting bugs in a client.
 *
 * <p>Whatever such a stray command prints goes to the returned standard error, and the directory
 * in which the line is evaluated holds a file, so a misquoted glob visibly expands.
 */
final class LoginShellWords {

    /** A file in the node's home directory, so an unquoted {@code *} expands to something. */
    static final String GLOB_BAIT_FILE = "proxmox-node-home-file";

    /*
     * fd 3 carries the words; the shell's stdout is pointed at stderr so output of anything a
     * misquoted line runs cannot be mistaken for words. "printf x" keeps trailing newlines that
     * command substitution would otherwise strip.
     */
    private static final String SPLITTER = String.join("\n",
            "line=$(cat; printf x)",
            "line=${line%x}",
            "exec 3>&1 1>&2",
            "eval \"set -- $line\" || exit",
            "for word do printf '%s\\0' \"$word\" >&3; done");

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final LocalShell shell;
    private final Path nodeHome;

    /**
     * @param shell runs {@code /bin/sh}
     * @param nodeHome the login user's home on the simulated node: working directory and {@code HOME}
     */
    LoginShellWords(LocalShell shell, Path nodeHome) {
        this.shell = shell;
        this.nodeHome = nodeHome;
    }

    /**
     * The outcome of splitting a command line.
     *
     * @param words the argv the login shell would run; meaningful only when {@code exitCode} is 0
     * @param exitCode the shell's exit code; non-zero for syntax errors or a failing stray command
     * @param stderr what the shell (or anything a misquoted line ran) printed
     */
    record Split(List<String> words, int exitCode, byte[] stderr) {
        /** Copies the words. */
        Split {
            words = List.copyOf(words);
        }
    }

    /**
     * @param commandLine the command line received over SSH
     * @return its words as the login shell sees them
     * @throws IOException when {@code /bin/sh} cannot be run
     */
    Split split(String commandLine) throws IOException {
        ShellOutcome outcome = shell.run(SPLITTER, nodeHome, LocalShell.utf8(commandLine), LIMIT);
        return new Split(words(outcome.stdout()), outcome.exitCode(), outcome.stderr());
    }

    private static List<String> words(byte[] nulSeparated) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                words.add(new String(nulSeparated, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return words;
    }
}
