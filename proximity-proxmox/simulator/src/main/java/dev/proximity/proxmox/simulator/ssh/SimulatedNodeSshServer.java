package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.platform.Secret;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real SSH server (Apache MINA SSHD) that plays one Proxmox node for {@code pct exec}: it splits
 * each command line with the real {@code /bin/sh} as the node's login shell would, answers like
 * {@code pct} for unknown or stopped containers and malformed calls, and runs the script of
 * {@code pct exec <vmid> -- sh -c <script>} with {@code /bin/sh} in a per-container scratch
 * directory, returning its exit code, stdout and stderr.
 *
 * <p>It generates a fresh host key at start; pin it with {@link #hostKeyFingerprint()} or write
 * {@link #knownHostsLine()} to a known_hosts file. It accepts only the configured passwords and
 * public keys. Scripts really run on this machine (as the JVM's user), so it binds to the loopback
 * interface by default and must never be exposed to anyone you would not give a shell.
 *
 * <pre>{@code
 * try (var node = SimulatedNodeSshServer.builder("pve", containers).password("root", Secret.of("pw")).start()) {
 *     // connect to node.host():node.port(), pinning node.hostKeyFingerprint()
 * }
 * }</pre>
 */
public final class SimulatedNodeSshServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodeSshServer.class);

    /** The kinds of host key the simulated node can generate; real Proxmox nodes have all three. */
    public enum HostKeyType {
        /** ECDSA on NIST P-256, {@code ecdsa-sha2-nistp256}. */
        ECDSA_P256(KeyPairProvider.ECDSA_SHA2_NISTP256, 256),
        /** Ed25519, {@code ssh-ed25519}, the OpenSSH default. */
        ED25519(KeyPairProvider.SSH_ED25519, 256),
        /** RSA with 3072-bit modulus, {@code ssh-rsa} keys signed with rsa-sha2-256/512. */
        RSA_3072(KeyPairProvider.SSH_RSA, 3072);

        private final String sshName;
        private final int bits;

        HostKeyType(String sshName, int bits) {
            this.sshName = sshName;
            this.bits = bits;
        }

        KeyPair generate() throws IOException {
            try {
                return KeyUtils.generateKeyPair(sshName, bits);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot generate an " + sshName + " host key", e);
            }
        }
    }

    private final NodeState node;
    private final SshServer server;
    private final ExecutorService executor;
    /** The host keys by type, in the order the server prefers them. */
    private final Map<HostKeyType, KeyPair> hostKeys;
    private final Path workDirectory;
    private final boolean ownsWorkDirectory;
    private final AtomicInteger logins = new AtomicInteger();

    private SimulatedNodeSshServer(Builder builder, NodeState node, ExecutorService executor, Map<HostKeyType, KeyPair> hostKeys,
                                   Path workDirectory) throws IOException {
        this.node = node;
        this.executor = executor;
        this.hostKeys = hostKeys;
        this.workDirectory = workDirectory;
        this.ownsWorkDirectory = builder.workDirectory == null;
        this.server = SshServer.setUpDefaultServer();
        // like OpenSSH's sshd: small packets go out at once, so commands do not wait on delayed ACKs
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setHost(builder.bindHost);
        server.setPort(builder.port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys.values().toArray(new KeyPair[0])));
        Map<String, byte[]> passwords = new HashMap<>();
        builder.passwords.forEach((user, secret) -> passwords.put(user, secret.value().getBytes(StandardCharsets.UTF_8)));
        Map<String, List<PublicKey>> authorizedKeys = new HashMap<>();
        builder.authorizedKeys.forEach((user, keys) -> authorizedKeys.put(user, List.copyOf(keys)));
        server.setPasswordAuthenticator((user, password, session) -> passwordMatches(passwords.get(user), password));
        server.setPublickeyAuthenticator((user, key, session) -> authorizedKeys.getOrDefault(user, List.of()).stream()
                .anyMatch(authorized -> KeyUtils.compareKeys(authorized, key)));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    logins.incrementAndGet();
                }
            }
        });
        // Only the two methods a Proxmox client is meant to use; no keyboard-interactive fallback.
        server.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthPublicKeyFactory.INSTANCE));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setCommandFactory((channel, commandLine) -> new PctExecCommand(node, commandLine, executor));
        server.start();
    }

    /**
     * @param nodeName the Proxmox node this server plays, e.g. {@code pve}
     * @param containers where {@code pct exec} finds containers; only those on {@code nodeName} are served
     * @return a builder
     */
    public static Builder builder(String nodeName, GuestContainers containers) {
        return new Builder(nodeName, containers);
    }

    /** @return the node this server plays */
    public String nodeName() {
        return node.name();
    }

    /** @return the address it listens on, e.g. {@code 127.0.0.1} */
    public String host() {
        return server.getHost();
    }

    /** @return the port it listens on (the one chosen by the system when 0 was asked for) */
    public int port() {
        return server.getPort();
    }

    /** @return the public half of the (first) host key generated at start */
    public PublicKey hostKey() {
        return hostKeys.values().iterator().next().getPublic();
    }

    /**
     * @param type a kind of host key this server offers
     * @return its public half
     * @throws IllegalArgumentException when the server was not built with that type
     */
    public PublicKey hostKey(HostKeyType type) {
        KeyPair key = hostKeys.get(type);
        if (key == null) {
            throw new IllegalArgumentException("this server offers only " + hostKeys.keySet() + " host keys, not " + type);
        }
        return key.getPublic();
    }

    /** @return the kinds of host key this server offers, in the order it prefers them */
    public List<HostKeyType> hostKeyTypes() {
        return List.copyOf(hostKeys.keySet());
    }

    /** @return the (first) host key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:<base64>} */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey());
    }

    /**
     * @param type a kind of host key this server offers
     * @return that key's fingerprint, {@code SHA256:<base64>}
     */
    public String hostKeyFingerprint(HostKeyType type) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey(type));
    }

    /** @return the (first) host key in OpenSSH public key format, e.g. {@code ecdsa-sha2-nistp256 AAAA...} */
    public String hostKeyEntry() {
        return PublicKeyEntry.toString(hostKey());
    }

    /**
     * @param type a kind of host key this server offers
     * @return that key in OpenSSH public key format
     */
    public String hostKeyEntry(HostKeyType type) {
        return PublicKeyEntry.toString(hostKey(type));
    }

    /**
     * @return a known_hosts line for {@link #host()} and {@link #port()}, e.g.
     *         {@code [127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA...}
     */
    public String knownHostsLine() {
        return knownHostsLine(host());
    }

    /**
     * @param type a kind of host key this server offers
     * @return a known_hosts line for that key at {@link #host()} and {@link #port()}
     */
    public String knownHostsLine(HostKeyType type) {
        return hostPattern(host()) + " " + hostKeyEntry(type);
    }

    /**
     * @param hostName a name clients use
     * @return the known_hosts host pattern for it and {@link #port()}: {@code name}, or {@code [name]:port} off port 22
     */
    public String hostPattern(String hostName) {
        return port() == 22 ? hostName : "[" + hostName + "]:" + port();
    }

    /**
     * @param hostName the name clients use to reach this server
     * @return a known_hosts line for that name and {@link #port()}
     */
    public String knownHostsLine(String hostName) {
        return hostPattern(hostName) + " " + hostKeyEntry();
    }

    /**
     * Appends {@link #knownHostsLine()} to a known_hosts file, creating it if needed.
     *
     * @param knownHosts the file
     * @return the file
     */
    public Path appendKnownHostsLine(Path knownHosts) {
        try {
            Files.writeString(knownHosts, knownHostsLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return knownHosts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write known_hosts file " + knownHosts, e);
        }
    }

    /**
     * @param vmid the container id
     * @return the script of the last {@code pct exec <vmid> -- sh -c <script>} this node ran, exactly as
     *         its login shell handed it to {@code pct}
     */
    public Optional<String> lastScript(int vmid) {
        return node.lastScript(vmid);
    }

    /**
     * Makes the next scripts that match misbehave (exit with an error, hang, or lose the session).
     *
     * @param fault the fault
     */
    public void inject(ExecFault fault) {
        node.inject(java.util.Objects.requireNonNull(fault, "fault"));
    }

    /**
     * @param vmid a container id
     * @return the scratch directory this node keeps for a container the REST simulator gives no disk
     */
    public Path containerHome(int vmid) {
        return node.containerDirectory(vmid);
    }

    /** @return every command line received, in order, exactly as sent by clients */
    public List<String> commandLines() {
        return node.commandLines();
    }

    /**
     * Fault injection: closes every open SSH session at once, as a node reboot or a dropped network
     * would. Clients must notice and reconnect.
     *
     * @return how many sessions were closed
     */
    public int dropConnections() {
        var open = List.copyOf(server.getActiveSessions());
        open.forEach(session -> session.close(true));
        return open.size();
    }

    /** @return how many logins succeeded so far; shows whether clients reuse their sessions */
    public int logins() {
        return logins.get();
    }

    /** @return how many SSH sessions are open now */
    public int openSessions() {
        return server.getActiveSessions().size();
    }

    /** Stops the server, kills scripts still running, and removes the scratch directories it created. */
    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            log.warn("simulated node {}: SSH server did not stop cleanly", node.name(), e);
        } finally {
            executor.shutdownNow();
            if (ownsWorkDirectory) {
                deleteRecursively(workDirectory);
            }
        }
    }

    /** @return node, address and host key fingerprint */
    @Override
    public String toString() {
        return "SimulatedNodeSshServer[node=" + node.name() + ", address=" + host() + ":" + port()
                + ", hostKey=" + hostKeyFingerprint() + "]";
    }

    private static boolean passwordMatches(byte[] expected, String offered) {
        // Constant-time comparison; an unknown user is compared against nothing and fails.
        return expected != null && MessageDigest.isEqual(expected, offered.getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("could not remove the simulated node's scratch directory {}", root, e);
        }
    }

    /** Configures and starts a {@link SimulatedNodeSshServer}. */
    public static final class Builder {
        private final String nodeName;
        private final GuestContainers containers;
        private final Map<String, Secret> passwords = new HashMap<>();
        private final Map<String, List<PublicKey>> authorizedKeys = new HashMap<>();
        private String bindHost = "127.0.0.1";
        private int port;
        private List<HostKeyType> hostKeyTypes = List.of(HostKeyType.ECDSA_P256);
        private Path workDirectory;

        private Builder(String nodeName, GuestContainers containers) {
            if (nodeName == null || nodeName.isBlank()) {
                throw InvalidRequestException.of("nodeName", nodeName, "must not be blank");
            }
            if (containers == null) {
                throw InvalidRequestException.of("containers", null, "is required");
            }
            this.nodeName = nodeName;
            this.containers = containers;
        }

        /**
         * @param host the address to listen on; default {@code 127.0.0.1}
         * @return this
         */
        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /**
         * @param value the port to listen on; default 0, a free port chosen by the system
         * @return this
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw InvalidRequestException.of("port", value, "must be between 0 and 65535");
            }
            this.port = value;
            return this;
        }

        /**
         * Accepts a password login.
         *
         * @param user the user, e.g. {@code root}
         * @param password the password
         * @return this
         */
        public Builder password(String user, Secret password) {
            passwords.put(requireUser(user), Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Accepts a public key login.
         *
         * @param user the user, e.g. {@code root}
         * @param key the public key the user may log in with
         * @return this
         */
        public Builder authorizedKey(String user, PublicKey key) {
            authorizedKeys.computeIfAbsent(requireUser(user), u -> new ArrayList<>()).add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * @param type the kind of host key to generate at start; default {@link HostKeyType#ECDSA_P256}
         * @return this
         */
        public Builder hostKeyType(HostKeyType type) {
            return hostKeyTypes(Objects.requireNonNull(type, "type"));
        }

        /**
         * Offers several host keys at once, as a real node (RSA, ECDSA and Ed25519) does; the server
         * prefers them in the order given when client and server both support several.
         *
         * @param types the kinds of host key to generate at start
         * @return this builder
         */
        public Builder hostKeyTypes(HostKeyType... types) {
            if (types.length == 0) {
                throw new IllegalArgumentException("a server needs at least one host key");
            }
            this.hostKeyTypes = List.copyOf(new java.util.LinkedHashSet<>(List.of(types)));
            return this;
        }

        /**
         * @param directory where node and container scratch directories go; kept on close. By default a
         *                  temporary directory is created and removed on close.
         * @return this
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = directory;
            return this;
        }

        /**
         * Generates the host key and starts listening.
         *
         * @return the running server
         * @throws IOException when it cannot listen or create its directories
         */
        public SimulatedNodeSshServer start() throws IOException {
            if (passwords.isEmpty() && authorizedKeys.isEmpty()) {
                throw InvalidRequestException.of("credentials", null, "at least one password or authorized key is required");
            }
            Path directory = workDirectory != null
                    ? Files.createDirectories(workDirectory)
                    : Files.createTempDirectory("proximity-node-" + nodeName + "-");
            ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("simulated-node-" + nodeName));
            try {
                NodeState node = new NodeState(nodeName, containers, new LocalShell(executor), directory);
                Map<HostKeyType, KeyPair> keys = new java.util.LinkedHashMap<>();
                for (HostKeyType type : hostKeyTypes) {
                    keys.put(type, type.generate());
                }
                SimulatedNodeSshServer server = new SimulatedNodeSshServer(this, node, executor, keys, directory);
                log.info("simulated node {} serves pct exec over SSH at {}:{}, host key {}", nodeName,
                        server.host(), server.port(), server.hostKeyFingerprint());
                return server;
            } catch (IOException | RuntimeException e) {
                executor.shutdownNow();
                if (workDirectory == null) {
                    deleteRecursively(directory);
                }
                throw e;
            }
        }

        private static String requireUser(String user) {
            if (user == null || user.isBlank()) {
                throw InvalidRequestException.of("user", user, "must not be blank");
            }
            return user;
        }

        private static ThreadFactory daemonThreads(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
