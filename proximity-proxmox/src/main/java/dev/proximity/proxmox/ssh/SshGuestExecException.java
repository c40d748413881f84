package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.PlatformException;

/**
 * Running a command on a node over SSH failed before the command could report an exit code:
 * the node could not be reached, refused the login, or ended the session.
 */
public class SshGuestExecException extends PlatformException {
    private static final long serialVersionUID = 1L;

    /**
     * @param call what was attempted, e.g. {@code pct exec 101 on node 'pve' (ssh root@pve:22)}
     * @param reason what went wrong
     * @param cause the underlying failure, or null
     */
    public SshGuestExecException(String call, String reason, Throwable cause) {
        super(call, reason, cause);
    }
}
