package dev.proximity.proxmox.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adapts a {@link HostKeyPolicy} to MINA SSHD. Each connection carries a {@link HostKeyCheck} in its
 * connection context: the address it was opened for (the policy judges keys per address) and, after
 * verification, why the key was rejected, so the login failure that follows can be reported as a host
 * key failure naming the host and the reason.
 */
final class PolicyServerKeyVerifier implements ServerKeyVerifier {

    private static final Logger log = LoggerFactory.getLogger(PolicyServerKeyVerifier.class);
    private static final AttributeKey<HostKeyCheck> CHECK = new AttributeKey<>();

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
    record HostKeyVerificationFailure(NodeAddress address, String presentedFingerprint, String presentedType, String reason) {
    }

    /**
     * The host key check of one connection. Kept by the connecting code rather than read back from the
     * session, because a session clears its own attributes when the failed key exchange closes it.
     */
    static final class HostKeyCheck {
        private final NodeAddress address;
        private final List<String> preferredTypes;
        private final Set<String> excludedTypes;
        private volatile HostKeyVerificationFailure rejection;

        /**
         * @param address the address the connection is opened for
         * @param preferredTypes key types whose host key algorithms are offered first
         * @param excludedTypes key types whose host key algorithms are not offered (already tried)
         */
        HostKeyCheck(NodeAddress address, List<String> preferredTypes, Set<String> excludedTypes) {
            this.address = address;
            this.preferredTypes = List.copyOf(preferredTypes);
            this.excludedTypes = Set.copyOf(excludedTypes);
        }

        /** @return key types to offer first */
        List<String> preferredTypes() {
            return preferredTypes;
        }

        /** @return key types not to offer */
        Set<String> excludedTypes() {
            return excludedTypes;
        }

        /**
         * @param context a connection context
         * @return the check it carries, if any
         */
        static Optional<HostKeyCheck> of(AttributeRepository context) {
            return Optional.ofNullable(context == null ? null : context.getAttribute(CHECK));
        }

        /** @return the connection context that hands this check to the verifier */
        AttributeRepository context() {
            return AttributeRepository.ofKeyValuePair(CHECK, this);
        }

        /** @return why the server's key was rejected, if it was */
        Optional<HostKeyVerificationFailure> rejection() {
            return Optional.ofNullable(rejection);
        }
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        AttributeRepository context = session.getConnectionContext();
        HostKeyCheck check = context == null ? null : context.getAttribute(CHECK);
        if (check == null) {
            // Every session is opened by NodeSessions with a check; anything else is not ours to trust.
            log.warn("rejecting the host key of {}: the connection carries no host key check", remoteAddress);
            return false;
        }
        HostKeyVerdict verdict;
        try {
            verdict = policy.verify(check.address, serverKey);
        } catch (RuntimeException e) {
            verdict = HostKeyVerdict.reject("the host key policy failed: " + e);
        }
        if (!verdict.accepted()) {
            check.rejection = new HostKeyVerificationFailure(check.address, HostKeyFingerprints.of(serverKey),
                    KeyUtils.getKeyType(serverKey), verdict.reason());
        }
        return verdict.accepted();
    }
}
