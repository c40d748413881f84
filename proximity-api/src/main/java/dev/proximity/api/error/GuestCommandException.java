package dev.proximity.api.error;

/**
 * A command run inside a container exited with a non-zero status.
 */
public class GuestCommandException extends PlatformException {
    private static final long serialVersionUID = 1L;
    /** How much of standard error the exception keeps. */
    public static final int STDERR_TAIL_CHARS = 2000;
    private final String node;
    private final int vmid;
    private final int exitCode;
    private final String stderrTail;

    /**
     * @param node the node holding the container
     * @param vmid the container
     * @param what what the command was for, e.g. {@code docker compose up}
     * @param exitCode its exit status
     * @param stderr its standard error (only the tail is kept)
     */
    public GuestCommandException(String node, int vmid, String what, int exitCode, String stderr) {
        super(what + " in CT " + vmid + " on " + node, "exit status " + exitCode,
                what + " in CT " + vmid + " on node '" + node + "' exited with status " + exitCode
                        + describe(tail(stderr)), null);
        this.node = node;
        this.vmid = vmid;
        this.exitCode = exitCode;
        this.stderrTail = tail(stderr);
    }

    private static String tail(String text) {
        String stripped = text == null ? "" : text.strip();
        return stripped.length() <= STDERR_TAIL_CHARS ? stripped
                : "..." + stripped.substring(stripped.length() - STDERR_TAIL_CHARS);
    }

    private static String describe(String tail) {
        return tail.isEmpty() ? " (no error output)" : ": " + tail;
    }

    /** @return the node */
    public String node() {
        return node;
    }

    /** @return the container */
    public int vmid() {
        return vmid;
    }

    /** @return the command's exit status */
    public int exitCode() {
        return exitCode;
    }

    /** @return the end of its standard error, at most {@value #STDERR_TAIL_CHARS} characters */
    public String stderrTail() {
        return stderrTail;
    }
}
