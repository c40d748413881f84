package dev.proximity.proxmox;

import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Accepts exactly one server certificate: the leaf whose SHA-256 fingerprint was pinned. This is how
 * Proxmox's own tools trust a node whose certificate a self-signed cluster CA issued.
 */
final class PinnedCertificateTrustManager implements X509TrustManager {

    private final String pinnedSha256;

    PinnedCertificateTrustManager(String pinnedSha256) {
        this.pinnedSha256 = pinnedSha256;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String actual = fingerprint(chain[0]);
        if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                pinnedSha256.getBytes(StandardCharsets.US_ASCII))) {
            throw new CertificateException("server certificate SHA-256 fingerprint " + actual
                    + " does not match the pinned fingerprint " + pinnedSha256);
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only verifies servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
