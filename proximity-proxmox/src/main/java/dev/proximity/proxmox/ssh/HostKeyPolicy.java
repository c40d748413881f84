package dev.proximity.proxmox.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether the host key a node presents is the node's real key. Every policy here rejects
 * unknown and changed keys; the only exception is the explicitly named
 * {@link #insecureAcceptAnyHostKey()}.
 */
@FunctionalInterface
public interface HostKeyPolicy {

    /**
     * @param address the address connected to
     * @param presented the key the server presented
     * @return whether to trust it
     */
    HostKeyVerdict verify(NodeAddress address, PublicKey presented);

    /**
     * The types of the keys this policy already trusts for a host, most preferred first. As OpenSSH
     * does, the client offers the host key algorithms of these types first, so a node that has
     * several host keys presents one the policy can check. Empty means no preference.
     *
     * @param address the address about to be connected to
     * @return key types such as {@code ssh-rsa}, {@code ecdsa-sha2-nistp256}, {@code ssh-ed25519}
     */
    default List<String> knownKeyTypes(NodeAddress address) {
        return List.of();
    }

    /**
     * Trusts the keys an OpenSSH known_hosts file lists for the host (plain, {@code [host]:port} and
     * hashed entries). The file is read on every new connection, so edits take effect without a
     * restart. Unknown hosts, changed keys and {@code @revoked} keys are rejected.
     *
     * @param file the known_hosts file
     * @return the policy
     */
    static HostKeyPolicy knownHosts(Path file) {
        return new KnownHostsFile(file);
    }

    /**
     * @return {@link #knownHosts(Path)} for {@code ~/.ssh/known_hosts}, the file OpenSSH uses
     */
    static HostKeyPolicy userKnownHosts() {
        return knownHosts(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    /**
     * Trusts exactly one key on every host; suits a single node, or a cluster sharing one host key.
     * A fingerprint does not tell the key's type: when the node presents a key of another type, the
     * client connects again without offering that type, until the node presents the pinned key or has
     * no other to offer.
     *
     * @param fingerprint the key's fingerprint as {@code ssh-keygen -l} prints it, {@code SHA256:<base64>}
     * @return the policy
     */
    static HostKeyPolicy pinnedFingerprint(String fingerprint) {
        String pinned = HostKeyFingerprints.canonical(fingerprint);
        return new PinnedHostKeys(address -> Optional.of(pinned), "the pinned fingerprint", null);
    }

    /**
     * @param key the only key to trust, on every host
     * @return the policy
     */
    static HostKeyPolicy pinnedKey(PublicKey key) {
        String pinned = HostKeyFingerprints.of(key);
        return new PinnedHostKeys(address -> Optional.of(pinned), "the pinned key", KeyUtils.getKeyType(key));
    }

    /**
     * Trusts one key per node address; addresses not in the map are rejected.
     *
     * @param fingerprints address -> fingerprint ({@code SHA256:<base64>})
     * @return the policy
     */
    static HostKeyPolicy pinnedFingerprints(Map<NodeAddress, String> fingerprints) {
        Map<NodeAddress, String> pins = fingerprints.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> HostKeyFingerprints.canonical(e.getValue())));
        return new PinnedHostKeys(address -> Optional.ofNullable(pins.get(address)), "the fingerprint pinned for this address",
                null);
    }

    /**
     * Trusts every key, so anyone able to intercept the connection can read and alter the commands
     * and their output. For throw-away test setups only; logs a warning on every connection.
     *
     * @return the policy
     */
    static HostKeyPolicy insecureAcceptAnyHostKey() {
        return new InsecureAcceptAnyHostKey();
    }
}
