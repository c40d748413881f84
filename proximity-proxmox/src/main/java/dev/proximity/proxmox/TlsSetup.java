package dev.proximity.proxmox;

import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** Applies a {@link TlsTrust} choice to an OkHttp client. */
final class TlsSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

    private TlsSetup() {
    }

    static void apply(TlsTrust trust, OkHttpClient.Builder http, String host) {
        if (trust instanceof TlsTrust.SystemDefault) {
            return;
        }
        if (trust instanceof TlsTrust.CaFile caFile) {
            use(http, caTrustManager(caFile));
        } else if (trust instanceof TlsTrust.PinnedFingerprint pin) {
            use(http, new PinnedCertificateTrustManager(pin.sha256()));
            // The pinned certificate is the node's identity; node certificates name the node, not
            // whatever address the client dials, so the host name check adds nothing here.
            http.hostnameVerifier((hostname, session) -> true);
        } else if (trust instanceof TlsTrust.InsecureTrustAll) {
            LOG.warn("TLS VERIFICATION IS DISABLED for {}: any certificate is accepted and the connection can be "
                    + "intercepted. Use a CA file or a pinned fingerprint outside throwaway labs.", host);
            use(http, new TrustEverything());
            http.hostnameVerifier((hostname, session) -> true);
        }
    }

    private static void use(OkHttpClient.Builder http, X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            http.sslSocketFactory(context.getSocketFactory(), trustManager);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    private static X509TrustManager caTrustManager(TlsTrust.CaFile caFile) {
        try (InputStream in = Files.newInputStream(caFile.pemFile())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("CA file " + caFile.pemFile() + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA file " + caFile.pemFile() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CA file " + caFile.pemFile() + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** Accepts anything; reachable only through {@link TlsTrust#insecureTrustAllCertificates()}. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // accepts anything by explicit, logged choice
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepts anything by explicit, logged choice
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
