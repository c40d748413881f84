package dev.proximity.proxmox.ssh;

import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/** Keys, credentials and clients wired to in-process simulated nodes. */
public final class SshTestSupport {

    /** The password the test nodes accept for root. */
    public static final Secret ROOT_PASSWORD = Secret.of("s3cr3t-R00T-pw");

    private SshTestSupport() {
    }

    /** @return a fresh ECDSA P-256 key pair */
    public static KeyPair ecdsaKey() {
        try {
            return KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a private key in OpenSSH format, encrypted (bcrypt KDF + AES) when a passphrase is given.
     *
     * @param key the key
     * @param file where to write it
     * @param passphrase the passphrase, or null
     * @return the file
     */
    public static Path writePrivateKey(KeyPair key, Path file, String passphrase) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test key", encryption, out);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return root's password credentials */
    public static SshCredentials rootPassword() {
        return SshCredentials.password("root", ROOT_PASSWORD);
    }

    /**
     * @param server a simulated node
     * @return its address
     */
    public static NodeAddress addressOf(SimulatedNodeSshServer server) {
        return new NodeAddress(server.host(), server.port());
    }

    /**
     * A client that reaches the server's node by name and pins the server's host key.
     *
     * @param credentials how to log in
     * @param servers the nodes
     * @return the client builder
     */
    public static PctExecGuestExec.Builder clientFor(SshCredentials credentials, SimulatedNodeSshServer... servers) {
        Map<String, NodeAddress> addresses = new java.util.HashMap<>();
        Map<NodeAddress, String> fingerprints = new java.util.HashMap<>();
        for (SimulatedNodeSshServer server : servers) {
            addresses.put(server.nodeName(), addressOf(server));
            fingerprints.put(addressOf(server), server.hostKeyFingerprint());
        }
        return PctExecGuestExec.builder(credentials)
                .nodeAddresses(NodeAddressResolver.of(addresses))
                .hostKeys(HostKeyPolicy.pinnedFingerprints(fingerprints));
    }
}
