package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.proxmox.simulator.ssh.GuestContainer;
import dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer.HostKeyType;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node with RSA, ECDSA and Ed25519 host keys, as a real Proxmox node has, reached with a trust
 * store that knows only one of them: the client offers the known type first, as OpenSSH does, so
 * every form of known_hosts entry and every pin connects; wrong, revoked and unknown keys are
 * still refused, naming the file and the key.
 */
class HostKeyTypesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static SimulatedNodeSshServer node;
    private static SimulatedNodeSshServer stranger;

    @BeforeAll
    static void startNode() throws Exception {
        var containers = new InMemoryGuestContainers().put(new GuestContainer(101, "pve", true, "app"));
        // Ed25519 first: the server would pick it unless the client asks for another type first
        node = SimulatedNodeSshServer.builder("pve", containers).password("root", SshTestSupport.ROOT_PASSWORD)
                .hostKeyTypes(HostKeyType.ED25519, HostKeyType.ECDSA_P256, HostKeyType.RSA_3072).start();
        stranger = SimulatedNodeSshServer.builder("pve", containers).password("root", SshTestSupport.ROOT_PASSWORD)
                .hostKeyTypes(HostKeyType.ED25519, HostKeyType.ECDSA_P256, HostKeyType.RSA_3072).start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
        stranger.close();
    }

    private static String run(HostKeyPolicy policy) {
        try (PctExecGuestExec exec = PctExecGuestExec.builder(SshTestSupport.rootPassword())
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", SshTestSupport.addressOf(node))))
                .hostKeys(policy).build()) {
            return exec.run("pve", 101, "echo trusted", TIMEOUT).stdout();
        }
    }

    private Path knownHosts(String... lines) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @ParameterizedTest
    @EnumSource(HostKeyType.class)
    void aKnownHostsFileListingOnlyOneTypeConnects(HostKeyType type) throws Exception {
        assertThat(run(HostKeyPolicy.knownHosts(knownHosts(node.knownHostsLine(type))))).isEqualTo("trusted\n");
    }

    @ParameterizedTest
    @EnumSource(HostKeyType.class)
    void aHashedEntryListingOnlyOneTypeConnects(HostKeyType type) throws Exception {
        String line = hashed(node.hostPattern(node.host())) + " " + node.hostKeyEntry(type);

        assertThat(run(HostKeyPolicy.knownHosts(knownHosts("# hashed, as ssh-keygen -H writes it", line)))).isEqualTo("trusted\n");
    }

    @ParameterizedTest
    @EnumSource(HostKeyType.class)
    void aPinnedFingerprintOfAnyTypeConnects(HostKeyType type) {
        assertThat(run(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint(type)))).isEqualTo("trusted\n");
    }

    @ParameterizedTest
    @EnumSource(HostKeyType.class)
    void aPinnedKeyOffersItsOwnTypeFirst(HostKeyType type) {
        HostKeyPolicy pin = HostKeyPolicy.pinnedKey(node.hostKey(type));

        assertThat(pin.knownKeyTypes(SshTestSupport.addressOf(node))).containsExactly(KeyUtils.getKeyType(node.hostKey(type)));
        assertThat(run(pin)).isEqualTo("trusted\n");
    }

    @Test
    void theKnownTypesComeInFileOrderWithoutRevokedOrOtherHosts() throws Exception {
        Path file = knownHosts(
                "@revoked " + node.knownHostsLine(HostKeyType.ED25519),
                "otherhost " + node.hostKeyEntry(HostKeyType.ECDSA_P256),
                node.knownHostsLine(HostKeyType.RSA_3072),
                node.knownHostsLine(HostKeyType.ECDSA_P256));

        assertThat(HostKeyPolicy.knownHosts(file).knownKeyTypes(SshTestSupport.addressOf(node)))
                .containsExactly("ssh-rsa", "ecdsa-sha2-nistp256");
    }

    @Test
    void aDifferentKeyOfTheListedTypeIsRefusedNamingTheFileAndTheKey() throws Exception {
        PublicKey other = stranger.hostKey(HostKeyType.RSA_3072);
        Path file = knownHosts(node.hostPattern(node.host()) + " " + PublicKeyEntry.toString(other));

        assertThatThrownBy(() -> run(HostKeyPolicy.knownHosts(file)))
                .isInstanceOfSatisfying(HostKeyVerificationException.class, e -> {
                    assertThat(e.presentedKeyType()).isEqualTo("ssh-rsa");
                    assertThat(e.presentedFingerprint()).isEqualTo(node.hostKeyFingerprint(HostKeyType.RSA_3072));
                })
                .hasMessageContaining("CHANGED").hasMessageContaining(file.toString())
                .hasMessageContaining(node.hostKeyFingerprint(HostKeyType.RSA_3072));
    }

    @Test
    void aRevokedKeyStaysRefused() throws Exception {
        Path file = knownHosts("@revoked " + node.knownHostsLine(HostKeyType.ECDSA_P256),
                node.knownHostsLine(HostKeyType.ECDSA_P256));

        assertThatThrownBy(() -> run(HostKeyPolicy.knownHosts(file)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("@revoked").hasMessageContaining(file.toString())
                .hasMessageContaining(node.hostKeyFingerprint(HostKeyType.ECDSA_P256));
    }

    @Test
    void anUnknownHostIsRefusedNamingTheFileAndTheKey() throws Exception {
        Path file = knownHosts(stranger.knownHostsLine(HostKeyType.ED25519).replace(stranger.hostPattern(stranger.host()),
                "[unrelated.example]:22"));

        assertThatThrownBy(() -> run(HostKeyPolicy.knownHosts(file)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("is not a known host").hasMessageContaining(file.toString())
                .hasMessageContaining("ssh-ed25519").hasMessageContaining("ecdsa-sha2-nistp256").hasMessageContaining("ssh-rsa")
                .hasMessageContaining("no host key the node offered");
    }

    @Test
    void aPinThatMatchesNoKeyIsRefusedAfterEveryTypeWasTried() {
        String pin = stranger.hostKeyFingerprint(HostKeyType.ECDSA_P256);

        assertThatThrownBy(() -> run(HostKeyPolicy.pinnedFingerprint(pin)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining(pin).hasMessageContaining("no host key the node offered");
    }

    @Test
    void aTimeoutReturnsWithinHalfASecondOfTheTimeAsked() {
        Duration timeout = Duration.ofSeconds(1);
        try (PctExecGuestExec exec = PctExecGuestExec.builder(SshTestSupport.rootPassword())
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", SshTestSupport.addressOf(node))))
                .hostKeys(HostKeyPolicy.pinnedKey(node.hostKey())).build()) {
            exec.run("pve", 101, "true", TIMEOUT);
            long started = System.nanoTime();

            assertThatThrownBy(() -> exec.run("pve", 101, "sleep 10", timeout)).isInstanceOf(PlatformTimeoutException.class);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusMillis(500));
        }
    }

    /** A hashed known_hosts host field, {@code |1|salt|HMAC-SHA1(salt, host)}, as {@code ssh-keygen -H} writes it. */
    private static String hashed(String host) throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
    }
}
