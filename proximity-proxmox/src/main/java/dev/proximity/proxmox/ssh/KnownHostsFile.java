package dev.proximity.proxmox.ssh;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trusts the keys an OpenSSH known_hosts file lists for a host, with OpenSSH's rules: a listed key
 * of the same type that differs is a changed key, {@code @revoked} keys are never trusted and
 * {@code @cert-authority} lines (host certificates) are not supported, so they trust nothing.
 */
final class KnownHostsFile implements HostKeyPolicy {

    private static final String REVOKED = "revoked";

    private final Path file;

    /**
     * @param file the known_hosts file; read on each verification
     */
    KnownHostsFile(Path file) {
        this.file = file;
    }

    @Override
    public HostKeyVerdict verify(NodeAddress address, PublicKey presented) {
        if (!Files.isRegularFile(file)) {
            return HostKeyVerdict.reject("known_hosts file " + file + " does not exist, so no host is known");
        }
        List<KnownHostEntry> matching = new ArrayList<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
                if (entry.isHostMatch(address.host(), address.port())) {
                    matching.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            return HostKeyVerdict.reject("known_hosts file " + file + " cannot be read: " + e.getMessage());
        }
        String presentedType = KeyUtils.getKeyType(presented);
        String fingerprint = HostKeyFingerprints.of(presented);
        boolean sameTypeListed = false;
        boolean trusted = false;
        java.util.Set<String> otherTypes = new java.util.TreeSet<>();
        for (KnownHostEntry entry : matching) {
            PublicKey listed = listedKey(entry);
            if (listed == null || "cert-authority".equals(entry.getMarker())) {
                continue;
            }
            boolean same = KeyUtils.compareKeys(listed, presented);
            if (same && REVOKED.equals(entry.getMarker())) {
                return HostKeyVerdict.reject("key " + fingerprint + " of " + address + " is marked @revoked in " + file);
            }
            trusted |= same && entry.getMarker() == null;
            String listedType = KeyUtils.getKeyType(listed);
            sameTypeListed |= presentedType.equals(listedType);
            if (!presentedType.equals(listedType)) {
                otherTypes.add(listedType);
            }
        }
        if (trusted) {
            return HostKeyVerdict.accept();
        }
        if (sameTypeListed) {
            return HostKeyVerdict.reject("the " + presentedType + " key of " + address + " has CHANGED: the server presented "
                    + fingerprint + " but " + file + " lists a different key (possible man-in-the-middle, "
                    + "or the node was reinstalled)");
        }
        String hint = otherTypes.isEmpty() ? "" : " (the file lists only " + String.join(", ", otherTypes)
                + " keys for it; add its " + presentedType + " key, e.g. from ssh-keyscan on a trusted network)";
        return HostKeyVerdict.reject(address + " is not a known host: its " + presentedType + " key " + fingerprint
                + " is not listed in " + file + hint);
    }

    /**
     * The types of the keys listed for the host, in file order; {@code @revoked} and
     * {@code @cert-authority} lines (certificates are not supported) vouch for nothing and are left out.
     */
    @Override
    public List<String> knownKeyTypes(NodeAddress address) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
                if (entry.getMarker() == null && entry.isHostMatch(address.host(), address.port())) {
                    PublicKey listed = listedKey(entry);
                    if (listed != null) {
                        types.add(KeyUtils.getKeyType(listed));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // verify() reports the unreadable file; no preference can be drawn from it
            return List.of();
        }
        return List.copyOf(types);
    }

    private static PublicKey listedKey(KnownHostEntry entry) {
        try {
            return entry.getKeyEntry() == null ? null
                    : entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException e) {
            // A key type this client cannot decode cannot vouch for the server either.
            return null;
        }
    }

    @Override
    public String toString() {
        return "KnownHostsFile[" + file + "]";
    }
}
