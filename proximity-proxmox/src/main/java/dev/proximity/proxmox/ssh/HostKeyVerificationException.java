package dev.proximity.proxmox.ssh;

/**
 * The node presented a host key the configured {@link HostKeyPolicy} does not trust. Nothing was
 * sent to the node: no credentials, no command.
 */
public class HostKeyVerificationException extends SshGuestExecException {
    private static final long serialVersionUID = 1L;
    private final NodeAddress address;
    private final String presentedFingerprint;

    /**
     * @param call what was attempted
     * @param address the address connected to
     * @param presentedFingerprint the fingerprint of the key the server presented
     * @param reason why the policy rejected it
     */
    public HostKeyVerificationException(String call, NodeAddress address, String presentedFingerprint, String reason) {
        super(call, "host key verification failed for " + address + ": " + reason, null);
        this.address = address;
        this.presentedFingerprint = presentedFingerprint;
    }

    /** @return the address whose key was rejected */
    public NodeAddress address() {
        return address;
    }

    /** @return the fingerprint ({@code SHA256:...}) of the rejected key */
    public String presentedFingerprint() {
        return presentedFingerprint;
    }
}
