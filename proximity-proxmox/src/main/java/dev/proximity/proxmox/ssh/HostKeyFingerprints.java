package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.security.PublicKey;
import java.util.Base64;

/**
 * SHA-256 host key fingerprints in the form {@code ssh-keygen -l} prints: {@code SHA256:<base64>}
 * without padding.
 */
final class HostKeyFingerprints {

    private static final String PREFIX = "SHA256:";
    private static final int SHA256_BYTES = 32;

    private HostKeyFingerprints() {
    }

    /**
     * @param key a public key
     * @return its fingerprint, e.g. {@code SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s}
     */
    public static String of(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /**
     * Validates a fingerprint and brings it to the canonical form (trailing {@code =} padding removed).
     *
     * @param fingerprint a fingerprint as {@code ssh-keygen -l} prints it
     * @return the canonical form
     * @throws InvalidRequestException when it is not a SHA-256 fingerprint
     */
    public static String canonical(String fingerprint) {
        if (fingerprint == null || !fingerprint.startsWith(PREFIX)) {
            throw InvalidRequestException.of("fingerprint", fingerprint,
                    "must be a SHA-256 fingerprint as ssh-keygen -l prints it, e.g. SHA256:uNiVztks...");
        }
        String digest = fingerprint.substring(PREFIX.length()).strip().replaceAll("=+$", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(padded(digest));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("fingerprint", fingerprint, "is not valid base64 after 'SHA256:'");
        }
        if (bytes.length != SHA256_BYTES) {
            throw InvalidRequestException.of("fingerprint", fingerprint,
                    "must encode 32 bytes (a SHA-256 digest), found " + bytes.length);
        }
        return PREFIX + digest;
    }

    private static String padded(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }
}
