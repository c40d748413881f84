package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.proxmox.simulator.ssh.GuestContainer;
import dev.proximity.proxmox.simulator.ssh.InMemoryGuestContainers;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host key checking: unknown and changed keys are refused before any credential or command is sent. */
class HostKeyVerificationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static SimulatedNodeSshServer node;
    private static SimulatedNodeSshServer impostor;

    @BeforeAll
    static void startNodes() throws Exception {
        var containers = new InMemoryGuestContainers().put(new GuestContainer(101, "pve", true, "app"));
        node = SimulatedNodeSshServer.builder("pve", containers).password("root", SshTestSupport.ROOT_PASSWORD).start();
        impostor = SimulatedNodeSshServer.builder("pve", containers).password("root", SshTestSupport.ROOT_PASSWORD).start();
    }

    @AfterAll
    static void stopNodes() {
        node.close();
        impostor.close();
    }

    private PctExecGuestExec client(HostKeyPolicy policy) {
        return PctExecGuestExec.builder(SshTestSupport.rootPassword())
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", SshTestSupport.addressOf(node))))
                .hostKeys(policy)
                .build();
    }

    private String runEcho(HostKeyPolicy policy) {
        try (PctExecGuestExec exec = client(policy)) {
            return exec.run("pve", 101, "echo trusted", TIMEOUT).stdout();
        }
    }

    @Test
    void knownHostsLineOfTheServerIsAccepted() {
        Path knownHosts = node.appendKnownHostsLine(dir.resolve("known_hosts"));

        assertThat(runEcho(HostKeyPolicy.knownHosts(knownHosts))).isEqualTo("trusted\n");
    }

    @Test
    void knownHostsWithCommentsAndOtherHostsStillFindsTheServer() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "# managed by hand\n\n" + impostor.knownHostsLine("elsewhere.example") + "\n"
                + node.knownHostsLine() + "\n");

        assertThat(runEcho(HostKeyPolicy.knownHosts(knownHosts))).isEqualTo("trusted\n");
    }

    @Test
    void hashedKnownHostsEntryIsAccepted() throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = hmac.doFinal(("[" + node.host() + "]:" + node.port()).getBytes(StandardCharsets.UTF_8));
        String hashedHost = "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), hashedHost + " " + node.hostKeyEntry() + "\n");

        assertThat(runEcho(HostKeyPolicy.knownHosts(knownHosts))).isEqualTo("trusted\n");
    }

    @Test
    void unknownHostIsRejectedAndNothingIsSent() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), impostor.knownHostsLine("other.example") + "\n");
        int sent = node.commandLines().size();

        assertThatThrownBy(() -> runEcho(HostKeyPolicy.knownHosts(knownHosts)))
                .isInstanceOfSatisfying(HostKeyVerificationException.class, e -> {
                    assertThat(e.address()).isEqualTo(SshTestSupport.addressOf(node));
                    assertThat(e.presentedFingerprint()).isEqualTo(node.hostKeyFingerprint());
                })
                .hasMessageContaining("host key verification failed for " + SshTestSupport.addressOf(node))
                .hasMessageContaining("is not a known host")
                .hasMessageContaining(node.hostKeyFingerprint());
        assertThat(node.commandLines()).hasSize(sent);
    }

    @Test
    void changedKeyIsRejectedAsPossibleManInTheMiddle() throws Exception {
        // known_hosts holds the impostor's key under the real node's address.
        String wrongKeyForThisAddress = "[" + node.host() + "]:" + node.port() + " " + impostor.hostKeyEntry();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), wrongKeyForThisAddress + "\n");

        assertThatThrownBy(() -> runEcho(HostKeyPolicy.knownHosts(knownHosts)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("has CHANGED")
                .hasMessageContaining("man-in-the-middle");
    }

    @Test
    void revokedKeyIsRejectedEvenIfAlsoListed() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                node.knownHostsLine() + "\n@revoked " + node.knownHostsLine() + "\n");

        assertThatThrownBy(() -> runEcho(HostKeyPolicy.knownHosts(knownHosts)))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("@revoked");
    }

    @Test
    void missingKnownHostsFileTrustsNothing() {
        assertThatThrownBy(() -> runEcho(HostKeyPolicy.knownHosts(dir.resolve("absent"))))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void defaultPolicyIsTheUsersKnownHostsAndRejectsThisFreshServer() {
        PctExecGuestExec exec = PctExecGuestExec.builder(SshTestSupport.rootPassword())
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", SshTestSupport.addressOf(node))))
                .build();
        try (exec) {
            assertThat(exec.toString()).contains(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString());
            assertThatThrownBy(() -> exec.run("pve", 101, "true", TIMEOUT))
                    .isInstanceOf(HostKeyVerificationException.class);
        }
    }

    @Test
    void knownHostsListingOnlyOtherKeyTypesRejectsWithAHint() throws Exception {
        try (SimulatedNodeSshServer ed25519Node = SimulatedNodeSshServer.builder("pve", new InMemoryGuestContainers())
                .password("root", SshTestSupport.ROOT_PASSWORD)
                .hostKeyType(SimulatedNodeSshServer.HostKeyType.ED25519)
                .start()) {
            String ed25519LineForTheEcdsaNode = "[" + node.host() + "]:" + node.port() + " " + ed25519Node.hostKeyEntry();
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), ed25519LineForTheEcdsaNode + "\n");

            assertThatThrownBy(() -> runEcho(HostKeyPolicy.knownHosts(knownHosts)))
                    .isInstanceOf(HostKeyVerificationException.class)
                    .hasMessageContaining("is not a known host")
                    .hasMessageContaining("lists only ssh-ed25519 keys for it; add its ecdsa-sha2-nistp256 key");
        }
    }

    @Test
    void ed25519AndRsaHostKeysAreVerifiedToo() throws Exception {
        for (var type : new SimulatedNodeSshServer.HostKeyType[] {
                SimulatedNodeSshServer.HostKeyType.ED25519, SimulatedNodeSshServer.HostKeyType.RSA_3072}) {
            var containers = new InMemoryGuestContainers().put(new GuestContainer(101, "pve", true, "app"));
            try (SimulatedNodeSshServer typed = SimulatedNodeSshServer.builder("pve", containers)
                    .password("root", SshTestSupport.ROOT_PASSWORD).hostKeyType(type).start();
                 PctExecGuestExec exec = SshTestSupport.clientFor(SshTestSupport.rootPassword(), typed)
                         .hostKeys(HostKeyPolicy.knownHosts(typed.appendKnownHostsLine(dir.resolve("known_hosts_" + type))))
                         .build()) {
                assertThat(exec.run("pve", 101, "echo " + type, TIMEOUT).stdout()).isEqualTo(type + "\n");
            }
        }
    }

    @Test
    void pinnedFingerprintIsAcceptedWithOrWithoutBase64Padding() {
        assertThat(runEcho(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint()))).isEqualTo("trusted\n");
        assertThat(runEcho(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint() + "="))).isEqualTo("trusted\n");
        assertThat(runEcho(HostKeyPolicy.pinnedKey(node.hostKey()))).isEqualTo("trusted\n");
    }

    @Test
    void differentPinnedFingerprintIsRejected() {
        assertThatThrownBy(() -> runEcho(HostKeyPolicy.pinnedFingerprint(impostor.hostKeyFingerprint())))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("the server presented key " + node.hostKeyFingerprint())
                .hasMessageContaining(impostor.hostKeyFingerprint());
    }

    @Test
    void perAddressPinsRejectAddressesWithoutAPin() {
        NodeAddress other = new NodeAddress("127.0.0.2", 2222);

        assertThatThrownBy(() -> runEcho(HostKeyPolicy.pinnedFingerprints(Map.of(other, node.hostKeyFingerprint()))))
                .isInstanceOf(HostKeyVerificationException.class)
                .hasMessageContaining("no host key fingerprint is pinned for " + SshTestSupport.addressOf(node));
    }

    @Test
    void insecureOptionAcceptsAnyKeyWhenExplicitlyChosen() {
        assertThat(runEcho(HostKeyPolicy.insecureAcceptAnyHostKey())).isEqualTo("trusted\n");
    }

    @Test
    void fingerprintIsSha256OfTheKeyBlobAsSshKeygenPrintsIt() throws Exception {
        byte[] blob = Base64.getDecoder().decode(node.hostKeyEntry().split(" ")[1]);
        String expected = "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));

        assertThat(node.hostKeyFingerprint()).isEqualTo(expected);
        assertThat(HostKeyFingerprints.of(node.hostKey())).isEqualTo(expected);
    }

    @Test
    void malformedFingerprintsAreRejectedUpFront() {
        assertThatThrownBy(() -> HostKeyPolicy.pinnedFingerprint("AB:CD:EF")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("SHA256:");
        assertThatThrownBy(() -> HostKeyPolicy.pinnedFingerprint("MD5:12:34")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HostKeyPolicy.pinnedFingerprint("SHA256:!!!")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HostKeyPolicy.pinnedFingerprint("SHA256:AAAA")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("32 bytes");
    }
}
