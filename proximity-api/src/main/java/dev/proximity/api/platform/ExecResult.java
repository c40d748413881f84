package dev.proximity.api.platform;

/**
 * The outcome of a command run inside a container.
 *
 * @param exitCode the command's exit code
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** Nulls become empty strings. */
    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** @return whether the exit code is 0 */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
