package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ssh.GuestContainer;
import dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password and key logins, refused logins, and login timeouts; secrets never surface. */
class SshAuthenticationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String KEY_PASSPHRASE = "correct horse battery staple";
    private static final String FIXTURE_PASSPHRASE = "fixture passphrase";

    @TempDir
    static Path keys;

    private static KeyPair authorizedKey;
    private static SimulatedNodeSshServer node;

    @BeforeAll
    static void startNode() throws Exception {
        authorizedKey = SshTestSupport.ecdsaKey();
        node = SimulatedNodeSshServer.builder("pve", new InMemoryGuestContainers().put(new GuestContainer(101, "pve", true, "app")))
                .password("root", SshTestSupport.ROOT_PASSWORD)
                .authorizedKey("root", authorizedKey.getPublic())
                .authorizedKey("root", fixturePublicKey("openssh-ecdsa-passphrase.pub"))
                .authorizedKey("root", fixturePublicKey("openssh-ed25519-passphrase.pub"))
                .start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static String whoAmI(SshCredentials credentials) {
        try (PctExecGuestExec exec = SshTestSupport.clientFor(credentials, node).build()) {
            return exec.run("pve", 101, "echo logged-in", TIMEOUT).stdout();
        }
    }

    @Test
    void passwordLoginWorks() {
        assertThat(whoAmI(SshTestSupport.rootPassword())).isEqualTo("logged-in\n");
    }

    @Test
    void wrongPasswordIsRefusedWithoutRevealingIt() {
        String wrong = "wrong-Pa55-guess";

        assertThatThrownBy(() -> whoAmI(SshCredentials.password("root", Secret.of(wrong))))
                .isInstanceOfSatisfying(SshAuthenticationException.class, e -> assertThat(e.user()).isEqualTo("root"))
                .hasMessageContaining("authentication failed for user 'root'")
                .hasMessageContaining("refused the password")
                .hasMessageContaining(SshTestSupport.addressOf(node).toString())
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrong));
    }

    @Test
    void unknownUserIsRefused() {
        assertThatThrownBy(() -> whoAmI(SshCredentials.password("admin", SshTestSupport.ROOT_PASSWORD)))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("user 'admin'");
    }

    @Test
    void unencryptedPrivateKeyLoginWorks() {
        Path keyFile = SshTestSupport.writePrivateKey(authorizedKey, keys.resolve("id_plain"), null);

        assertThat(whoAmI(SshCredentials.privateKey("root", keyFile))).isEqualTo("logged-in\n");
    }

    @Test
    void passphraseProtectedPrivateKeyLoginWorks() {
        Path keyFile = SshTestSupport.writePrivateKey(authorizedKey, keys.resolve("id_protected"), KEY_PASSPHRASE);

        assertThat(whoAmI(SshCredentials.privateKey("root", keyFile, Secret.of(KEY_PASSPHRASE)))).isEqualTo("logged-in\n");
    }

    @Test
    void ecdsaKeyFileWrittenByOpenSshKeygenWorks() throws Exception {
        Path keyFile = copyFixture("openssh-ecdsa-passphrase");

        assertThat(whoAmI(SshCredentials.privateKey("root", keyFile, Secret.of(FIXTURE_PASSPHRASE)))).isEqualTo("logged-in\n");
    }

    @Test
    void ed25519KeyFileWrittenByOpenSshKeygenWorks() throws Exception {
        Path keyFile = copyFixture("openssh-ed25519-passphrase");

        assertThat(whoAmI(SshCredentials.privateKey("root", keyFile, Secret.of(FIXTURE_PASSPHRASE)))).isEqualTo("logged-in\n");
    }

    @Test
    void wrongPassphraseFailsClearlyWithoutRevealingIt() {
        Path keyFile = SshTestSupport.writePrivateKey(authorizedKey, keys.resolve("id_wrong_pass"), KEY_PASSPHRASE);
        String wrong = "not-the-passphrase";

        assertThatThrownBy(() -> whoAmI(SshCredentials.privateKey("root", keyFile, Secret.of(wrong))))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("cannot load private key " + keyFile)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrong).doesNotContain(KEY_PASSPHRASE));
    }

    @Test
    void missingKeyFileFailsClearly() {
        Path absent = keys.resolve("id_absent");

        assertThatThrownBy(() -> whoAmI(SshCredentials.privateKey("root", absent)))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("cannot load private key " + absent);
    }

    @Test
    void keyTheNodeDoesNotAuthorizeIsRefused() {
        Path keyFile = SshTestSupport.writePrivateKey(SshTestSupport.ecdsaKey(), keys.resolve("id_stranger"), null);

        assertThatThrownBy(() -> whoAmI(SshCredentials.privateKey("root", keyFile)))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("refused the private key " + keyFile);
    }

    @Test
    void serverThatNeverSpeaksSshTimesOutTheLogin() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> holdConnectionsOpen(silent));
            acceptor.setDaemon(true);
            acceptor.start();
            PctExecGuestExec exec = PctExecGuestExec.builder(SshTestSupport.rootPassword())
                    .nodeAddresses(name -> java.util.Optional.of(new NodeAddress("127.0.0.1", silent.getLocalPort())))
                    .hostKeys(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint()))
                    .authTimeout(Duration.ofMillis(600))
                    .build();
            try (exec) {
                assertThatThrownBy(() -> exec.run("pve", 101, "true", TIMEOUT))
                        .isInstanceOfSatisfying(PlatformTimeoutException.class,
                                e -> assertThat(e.waited()).isEqualTo(Duration.ofMillis(600)))
                        .hasMessageContaining("key exchange and login");
            }
        }
    }

    @Test
    void closedPortFailsToConnectClearly() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        NodeAddress nowhere = new NodeAddress("127.0.0.1", closedPort);
        try (PctExecGuestExec exec = PctExecGuestExec.builder(SshTestSupport.rootPassword())
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", nowhere)))
                .hostKeys(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint()))
                .build()) {
            assertThatThrownBy(() -> exec.run("pve", 101, "true", TIMEOUT))
                    .isInstanceOf(SshGuestExecException.class)
                    .hasMessageContaining("cannot connect to " + nowhere);
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        Path keyFile = keys.resolve("id_any");
        SshCredentials password = SshTestSupport.rootPassword();
        SshCredentials key = SshCredentials.privateKey("root", keyFile, Secret.of(KEY_PASSPHRASE));

        assertThat(password.toString()).doesNotContain(SshTestSupport.ROOT_PASSWORD.value()).contains("root");
        assertThat(key.toString()).doesNotContain(KEY_PASSPHRASE).contains(keyFile.toString());
        try (PctExecGuestExec exec = SshTestSupport.clientFor(password, node).build()) {
            assertThat(exec.toString()).doesNotContain(SshTestSupport.ROOT_PASSWORD.value());
        }
        assertThat(node.toString()).doesNotContain(SshTestSupport.ROOT_PASSWORD.value());
    }

    private static String fullText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static void holdConnectionsOpen(ServerSocket server) {
        try {
            while (!server.isClosed()) {
                Socket socket = server.accept();
                Objects.requireNonNull(socket); // kept open and silent until the test closes the server
            }
        } catch (java.io.IOException closed) {
            // the test is over
        }
    }

    private static PublicKey fixturePublicKey(String name) throws Exception {
        try (InputStream in = SshAuthenticationTest.class.getResourceAsStream("/ssh/" + name)) {
            String line = new String(Objects.requireNonNull(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        }
    }

    private static Path copyFixture(String name) throws Exception {
        try (InputStream in = SshAuthenticationTest.class.getResourceAsStream("/ssh/" + name)) {
            Path file = keys.resolve(name);
            Files.copy(Objects.requireNonNull(in), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
