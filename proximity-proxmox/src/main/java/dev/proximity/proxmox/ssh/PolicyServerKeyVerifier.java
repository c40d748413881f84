package dev.proximity.proxmox.ssh;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Adapts a {@link HostKeyPolicy} to MINA SSHD and remembers why a key was rejected, so the login
 * failure that follows can be reported as a host key failure naming the host and the reason.
 */
final class PolicyServerKeyVerifier implements ServerKeyVerifier {

    private static final Logger log = LoggerFactory.getLogger(PolicyServerKeyVerifier.class);

    /** The address the session was opened for; set through the connection context. */
    static final AttributeKey<NodeAddress> TARGET = new AttributeKey<>();

    private static final AttributeKey<HostKeyVerificationFailure> REJECTION = new AttributeKey<>();

    private final HostKeyPolicy policy;

    /**
     * @param policy decides which keys are trusted
     */
    PolicyServerKeyVerifier(HostKeyPolicy policy) {
        this.policy = policy;
    }

    /**
     * A rejected key.
     *
     * @param address the address connected to
     * @param presentedFingerprint the key's fingerprint
     * @param reason why it was rejected
     */
    record HostKeyVerificationFailure(NodeAddress address, String presentedFingerprint, String reason) {
    }

    /**
     * @param address where the session goes
     * @return the connection context carrying the address to the verifier
     */
    static AttributeRepository contextFor(NodeAddress address) {
        return AttributeRepository.ofKeyValuePair(TARGET, address);
    }

    /**
     * @param session a session whose login failed
     * @return the host key rejection that caused it, if that was the cause
     */
    static Optional<HostKeyVerificationFailure> rejectionOf(ClientSession session) {
        return Optional.ofNullable(session.getAttribute(REJECTION));
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        NodeAddress address = target(session, remoteAddress);
        if (address == null) {
            log.warn("rejecting the host key of {}: cannot tell which node address it belongs to", remoteAddress);
            return false;
        }
        HostKeyVerdict verdict;
        try {
            verdict = policy.verify(address, serverKey);
        } catch (RuntimeException e) {
            verdict = HostKeyVerdict.reject("the host key policy failed: " + e);
        }
        if (!verdict.accepted()) {
            session.setAttribute(REJECTION,
                    new HostKeyVerificationFailure(address, HostKeyFingerprints.of(serverKey), verdict.reason()));
        }
        return verdict.accepted();
    }

    private static NodeAddress target(ClientSession session, SocketAddress remoteAddress) {
        AttributeRepository context = session.getConnectionContext();
        NodeAddress target = context == null ? null : context.getAttribute(TARGET);
        if (target != null) {
            return target;
        }
        // Only reached for sessions opened without our context; verify against the socket's address then.
        if (remoteAddress instanceof InetSocketAddress remote) {
            return new NodeAddress(remote.getHostString(), remote.getPort());
        }
        return null;
    }
}
