package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;

import java.nio.charset.StandardCharsets;

/**
 * The command line sent to a Proxmox node to run a script inside one of its containers:
 * {@code pct exec <vmid> -- sh -c '<script>'}.
 *
 * <p>The node's login shell splits this line into words before {@code pct} sees it. The script
 * is therefore passed as one single-quoted word (see {@link ShellQuoting}), so the node's shell
 * removes the quotes and nothing else: the container's {@code sh -c} receives the script verbatim
 * and is the only shell that interprets it.
 *
 * @param vmid the container id, 100 to 999999999 as Proxmox allows
 * @param script the shell script to run inside the container; may be empty, must not contain NUL
 */
record PctExecCommandLine(int vmid, String script) {

    /** The smallest container id Proxmox accepts. */
    public static final int MIN_VMID = 100;
    /** The largest container id Proxmox accepts. */
    public static final int MAX_VMID = 999_999_999;
    /**
     * The longest command line, in UTF-8 bytes, a node can run: sshd hands it to the login shell as a
     * single argument, and Linux limits one argument to 128 KiB including its terminating NUL.
     */
    public static final int MAX_COMMAND_LINE_BYTES = 128 * 1024 - 1;

    /** Validates the vmid range and the script. */
    public PctExecCommandLine {
        if (vmid < MIN_VMID || vmid > MAX_VMID) {
            throw InvalidRequestException.of("vmid", vmid, "must be between " + MIN_VMID + " and " + MAX_VMID);
        }
        if (script == null) {
            throw InvalidRequestException.of("command", null, "is required");
        }
        if (script.indexOf('\0') >= 0) {
            throw InvalidRequestException.of("command", "(text with NUL)", "must not contain a NUL character");
        }
        int bytes = render(vmid, script).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_COMMAND_LINE_BYTES) {
            throw InvalidRequestException.of("command", "(" + script.length() + " chars)", "makes a command line of "
                    + bytes + " bytes once quoted; a node accepts at most " + MAX_COMMAND_LINE_BYTES
                    + " (copy large content into the container in smaller steps)");
        }
    }

    /**
     * @return the full command line, e.g. {@code pct exec 101 -- sh -c 'echo hi'}
     */
    public String render() {
        return render(vmid, script);
    }

    private static String render(int vmid, String script) {
        return "pct exec " + vmid + " -- sh -c " + ShellQuoting.quote(script);
    }

    /**
     * @return a summary without the script text, which may embed credentials (e.g. a registry login)
     */
    @Override
    public String toString() {
        return "pct exec " + vmid + " -- sh -c <script of " + script.length() + " chars>";
    }
}
