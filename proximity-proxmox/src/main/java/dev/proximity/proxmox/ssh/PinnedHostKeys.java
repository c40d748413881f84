package dev.proximity.proxmox.ssh;

import java.security.PublicKey;
import java.util.Optional;
import java.util.function.Function;

/** Trusts the key whose fingerprint was pinned for the address. */
final class PinnedHostKeys implements HostKeyPolicy {

    private final Function<NodeAddress, Optional<String>> pinFor;
    private final String pinDescription;
    private final String keyType;

    /**
     * @param pinFor the canonical pinned fingerprint for an address, if any
     * @param pinDescription how messages name the pin
     * @param keyType the pinned key's type when known (a pinned key), or null (a bare fingerprint)
     */
    PinnedHostKeys(Function<NodeAddress, Optional<String>> pinFor, String pinDescription, String keyType) {
        this.pinFor = pinFor;
        this.pinDescription = pinDescription;
        this.keyType = keyType;
    }

    @Override
    public java.util.List<String> knownKeyTypes(NodeAddress address) {
        return keyType == null || pinFor.apply(address).isEmpty() ? java.util.List.of() : java.util.List.of(keyType);
    }

    @Override
    public HostKeyVerdict verify(NodeAddress address, PublicKey presented) {
        Optional<String> pinned = pinFor.apply(address);
        if (pinned.isEmpty()) {
            return HostKeyVerdict.reject("no host key fingerprint is pinned for " + address);
        }
        String actual = HostKeyFingerprints.of(presented);
        return actual.equals(pinned.get())
                ? HostKeyVerdict.accept()
                : HostKeyVerdict.reject("the server presented key " + actual + " but " + pinDescription + " is "
                        + pinned.get() + " (possible man-in-the-middle, or the node was reinstalled)");
    }

    @Override
    public String toString() {
        return "PinnedHostKeys[" + pinDescription + "]";
    }
}
