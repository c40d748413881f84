package dev.proximity.proxmox;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which server certificates the client accepts. The default verifies against the JDK's trust
 * store; a Proxmox node's self-signed cluster CA needs {@link #caFile(Path)} or a pinned
 * fingerprint. Trusting everything exists only as {@link #insecureTrustAllCertificates()}.
 */
public sealed interface TlsTrust {

    /** @return verification against the JDK's default trust store and host name checks */
    static TlsTrust systemDefault() {
        return new SystemDefault();
    }

    /**
     * @param pemFile PEM file with the CA certificate(s), e.g. the cluster's {@code pve-root-ca.pem}
     * @return trust in that CA
     */
    static TlsTrust caFile(Path pemFile) {
        return new CaFile(pemFile);
    }

    /**
     * @param sha256 the node certificate's SHA-256 fingerprint, {@code AA:BB:..}
     * @return trust in exactly that certificate
     */
    static TlsTrust pinnedFingerprint(String sha256) {
        return new PinnedFingerprint(sha256);
    }

    /**
     * Accepts any certificate from anyone, including an attacker in the middle. For throwaway labs
     * only; the client logs a warning every time it is built with this.
     *
     * @return no verification at all
     */
    static TlsTrust insecureTrustAllCertificates() {
        return new InsecureTrustAll();
    }

    /** The JDK's trust store with host name verification. */
    record SystemDefault() implements TlsTrust {
    }

    /** @param pemFile PEM file with trusted CA certificates */
    record CaFile(Path pemFile) implements TlsTrust {
        /** Requires a path. */
        public CaFile {
            Objects.requireNonNull(pemFile, "pemFile");
        }
    }

    /** @param sha256 the pinned SHA-256 fingerprint, normalised to upper case {@code AA:BB:..} */
    record PinnedFingerprint(String sha256) implements TlsTrust {
        /** Validates and normalises the fingerprint. */
        public PinnedFingerprint {
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.trim().toUpperCase(Locale.ROOT);
            if (!sha256.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")) {
                throw new IllegalArgumentException("a SHA-256 fingerprint is 32 hex bytes separated by ':', was '" + sha256 + "'");
            }
        }
    }

    /** No verification. */
    record InsecureTrustAll() implements TlsTrust {
    }
}
