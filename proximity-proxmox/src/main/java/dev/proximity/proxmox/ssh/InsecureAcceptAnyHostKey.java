package dev.proximity.proxmox.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;

/** Trusts every host key. Only reachable through {@link HostKeyPolicy#insecureAcceptAnyHostKey()}. */
final class InsecureAcceptAnyHostKey implements HostKeyPolicy {

    private static final Logger log = LoggerFactory.getLogger(InsecureAcceptAnyHostKey.class);

    @Override
    public HostKeyVerdict verify(NodeAddress address, PublicKey presented) {
        log.warn("INSECURE: accepting host key {} of {} without verification (insecureAcceptAnyHostKey)",
                HostKeyFingerprints.of(presented), address);
        return HostKeyVerdict.accept();
    }

    @Override
    public String toString() {
        return "InsecureAcceptAnyHostKey";
    }
}
