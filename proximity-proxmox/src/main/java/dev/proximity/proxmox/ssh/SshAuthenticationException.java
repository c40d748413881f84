package dev.proximity.proxmox.ssh;

/**
 * The node refused the login (wrong password, unauthorized key), or the private key could not be
 * used. The message names the user and the method, never the secret.
 */
public class SshAuthenticationException extends SshGuestExecException {
    private static final long serialVersionUID = 1L;
    private final String user;

    /**
     * @param call what was attempted
     * @param user the user that tried to log in
     * @param reason why the login failed
     * @param cause the underlying failure, or null
     */
    public SshAuthenticationException(String call, String user, String reason, Throwable cause) {
        super(call, "authentication failed for user '" + user + "': " + reason, cause);
        this.user = user;
    }

    /** @return the user that tried to log in */
    public String user() {
        return user;
    }
}
