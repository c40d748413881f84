package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.PlatformException;

import java.util.Map;

/**
 * Running a command on a node over SSH failed before the command could report an exit code:
 * the node could not be reached, refused the login, or ended the session.
 *
 * <p>There is no HTTP exchange behind these failures, so {@link #httpStatus()} is 0.
 */
public class SshGuestExecException extends PlatformException {
    private static final long serialVersionUID = 1L;

    /**
     * @param call what was attempted, e.g. {@code pct exec 101 on node 'pve' (ssh root@pve:22)}
     * @param reason what went wrong
     * @param cause the underlying failure, or null
     */
    public SshGuestExecException(String call, String reason, Throwable cause) {
        super(call, 0, reason, Map.of(), null, cause);
    }

    /**
     * @return "{@code <call> failed: <reason>}"; the HTTP wording of the parent ("no answer") does not
     *         fit a refused SSH login or a rejected host key
     */
    @Override
    public String getMessage() {
        return call() + " failed: " + reason();
    }
}
