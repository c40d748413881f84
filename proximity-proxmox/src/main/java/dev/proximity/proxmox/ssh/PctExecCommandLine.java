package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;

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
public record PctExecCommandLine(int vmid, String script) {

    /** The smallest container id Proxmox accepts. */
    public static final int MIN_VMID = 100;
    /** The largest container id Proxmox accepts. */
    public static final int MAX_VMID = 999_999_999;

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
    }

    /**
     * @return the full command line, e.g. {@code pct exec 101 -- sh -c 'echo hi'}
     */
    public String render() {
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
