package dev.proximity.proxmox.ssh;

/**
 * Whether a host key policy trusts the key a node presented, and if not, why.
 *
 * @param accepted whether the key is trusted
 * @param reason why it was rejected; empty when accepted
 */
public record HostKeyVerdict(boolean accepted, String reason) {

    private static final HostKeyVerdict ACCEPTED = new HostKeyVerdict(true, "");

    /** Requires a reason for every rejection. */
    public HostKeyVerdict {
        reason = reason == null ? "" : reason;
        if (!accepted && reason.isBlank()) {
            throw new IllegalArgumentException("a rejected host key needs a reason");
        }
    }

    /** @return the verdict for a trusted key */
    public static HostKeyVerdict accept() {
        return ACCEPTED;
    }

    /**
     * @param reason why the key is not trusted, e.g. "not listed in known_hosts file /root/.ssh/known_hosts"
     * @return the verdict for an untrusted key
     */
    public static HostKeyVerdict reject(String reason) {
        return new HostKeyVerdict(false, reason);
    }
}
