package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Verification is on by default; a CA file or a pinned fingerprint admits the simulator's self-signed chain. */
class TlsConformanceTest {

    private static ProxmoxSimulator pve;

    @BeforeAll
    static void start() {
        pve = Pve.fastSimulator().start();
    }

    @AfterAll
    static void stop() {
        pve.close();
    }

    @Test
    void defaultVerificationRejectsTheSelfSignedClusterCertificate() {
        ProxmoxConfig config = Pve.config(pve).tls(TlsTrust.systemDefault()).build();
        pve.clearCalls();
        try (ProxmoxClient client = new ProxmoxClient(config)) {
            assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> {
                assertThat(e.mayHaveTakenEffect()).isFalse();
                assertThat(e.reason()).startsWith("TLS failure");
                assertThat(e.getCause()).isInstanceOf(SSLException.class);
            });
        }
        // the request never reached the API
        assertThat(pve.calls("GET", "/nodes")).isEmpty();
    }

    @Test
    void theDefaultIsVerification() {
        assertThat(ProxmoxConfig.builder("https://pve.example:8006").credentials(Pve.config(pve).build().credentials())
                .build().tls()).isEqualTo(TlsTrust.systemDefault());
    }

    @Test
    void pinnedFingerprintIsAcceptedAndMatchesWhatNodesReport() {
        try (ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.pinnedFingerprint(pve.fingerprint())).build())) {
            NodeInfo node = client.nodes().get(0);
            assertThat(node.sslFingerprint()).isEqualTo(pve.fingerprint());
        }
    }

    @Test
    void pinIsMatchedCaseInsensitively() {
        String lowerCase = pve.fingerprint().toLowerCase(java.util.Locale.ROOT);
        try (ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.pinnedFingerprint(lowerCase)).build())) {
            assertThat(client.nodes()).hasSize(1);
        }
    }

    @Test
    void wrongPinIsRejected() {
        try (ProxmoxSimulator other = Pve.fastSimulator().start();
             ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.pinnedFingerprint(other.fingerprint())).build())) {
            assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformException.class, e -> {
                assertThat(e.reason()).startsWith("TLS failure");
                assertThat(e.getCause()).isInstanceOf(SSLException.class);
                assertThat(e.getCause()).hasStackTraceContaining("does not match the pinned fingerprint");
            });
        }
    }

    @Test
    void clusterCaFileIsTrusted(@TempDir Path dir) throws IOException {
        Path caFile = Files.writeString(dir.resolve("pve-root-ca.pem"), pve.caCertificatePem());
        try (ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.caFile(caFile)).build())) {
            assertThat(client.nodes()).hasSize(1);
        }
    }

    @Test
    void anotherCaFileIsNotTrusted(@TempDir Path dir) throws IOException {
        try (ProxmoxSimulator other = Pve.fastSimulator().start()) {
            Path caFile = Files.writeString(dir.resolve("other-ca.pem"), other.caCertificatePem());
            try (ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.caFile(caFile)).build())) {
                assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.reason()).startsWith("TLS failure"));
            }
        }
    }

    @Test
    void unreadableCaFileFailsWhenTheClientIsBuilt(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> new ProxmoxClient(Pve.config(pve).tls(TlsTrust.caFile(notPem)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ca.pem");
    }

    @Test
    void trustingEverythingIsPossibleOnlyByItsLoudName() {
        try (ProxmoxClient client = new ProxmoxClient(Pve.config(pve).tls(TlsTrust.insecureTrustAllCertificates()).build())) {
            assertThat(client.nodes()).hasSize(1);
        }
    }

    @Test
    void malformedFingerprintIsRefused() {
        assertThatThrownBy(() -> TlsTrust.pinnedFingerprint("AB:CD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 hex bytes");
    }

    @Test
    void plainHttpUrlsAreRefused() {
        assertThatThrownBy(() -> ProxmoxConfig.builder("http://pve.example:8006")
                .credentials(Pve.config(pve).build().credentials()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
