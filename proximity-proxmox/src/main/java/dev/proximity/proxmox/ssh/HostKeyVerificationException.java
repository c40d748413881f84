package dev.proximity.proxmox.ssh;

import java.util.Collection;

/**
 * The node presented a host key the configured {@link HostKeyPolicy} does not trust. Nothing was
 * sent to the node: no credentials, no command.
 */
public class HostKeyVerificationException extends SshGuestExecException {
    private static final long serialVersionUID = 1L;
    private final NodeAddress address;
    private final String presentedFingerprint;
    private final String presentedKeyType;
    private final String rejection;

    /**
     * @param call what was attempted
     * @param address the address connected to
     * @param presentedFingerprint the fingerprint of the key the server presented
     * @param presentedKeyType the type of that key, e.g. {@code ssh-ed25519}, or null when unknown
     * @param reason why the policy rejected it
     */
    public HostKeyVerificationException(String call, NodeAddress address, String presentedFingerprint, String presentedKeyType,
                                        String reason) {
        super(call, "host key verification failed for " + address + ": " + reason, null);
        this.address = address;
        this.presentedFingerprint = presentedFingerprint;
        this.presentedKeyType = presentedKeyType;
        this.rejection = reason;
    }

    /**
     * @param triedTypes every key type the node was asked for
     * @return this rejection, saying that the node presented no acceptable key of any of them
     */
    HostKeyVerificationException afterTrying(Collection<String> triedTypes) {
        return new HostKeyVerificationException(call(), address, presentedFingerprint, presentedKeyType,
                rejection + "; no host key the node offered (" + String.join(", ", triedTypes) + ") is trusted");
    }

    /** @return the address whose key was rejected */
    public NodeAddress address() {
        return address;
    }

    /** @return the fingerprint ({@code SHA256:...}) of the rejected key */
    public String presentedFingerprint() {
        return presentedFingerprint;
    }

    /** @return the type of the rejected key, e.g. {@code ssh-ed25519}, or null when unknown */
    public String presentedKeyType() {
        return presentedKeyType;
    }
}
