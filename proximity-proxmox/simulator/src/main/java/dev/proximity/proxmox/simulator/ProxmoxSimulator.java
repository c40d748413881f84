package dev.proximity.proxmox.simulator;

import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stateful Proxmox VE API server for tests and demos: real HTTPS with a certificate made at
 * start (signed by a per-simulator CA, like a cluster's), nodes with capacity, containers, tasks
 * that finish asynchronously, token and ticket authentication, Proxmox's error shapes, and fault
 * injection.
 *
 * <p>Backups work as on a node: vzdump writes archives (the container's configuration and a copy
 * of its files) to each node's own {@code local} storage, one vzdump per node at a time, and a
 * restore brings them back. Mind vzdump's {@code remove}, which defaults to 1: a call that does not
 * send {@code remove=0} deletes the guest's older archives beyond the storage's retention. Storages
 * keep everything, as on a fresh install, unless {@link Builder#backupRetention} gives one a
 * retention such as {@code keep-last=3}; then the quirk shows, and so does PVE's other side of it:
 * with {@code remove=0} a guest already at the limit cannot be backed up.
 * <pre>{@code
 * try (ProxmoxSimulator pve = ProxmoxSimulator.builder().apiToken("root@pam!ci", "s3cret").start()) {
 *     String url = pve.url();               // https://localhost:PORT
 *     String pin = pve.fingerprint();       // AA:BB:..
 * }
 * }</pre>
 */
public final class ProxmoxSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxSimulator.class);

    private final MockWebServer server = new MockWebServer();
    private final ScheduledExecutorService scheduler;
    private final SimulatorState state;
    private final ContainerDisks disks;
    private final SimulatorDispatcher dispatcher;
    private final HeldCertificate clusterCa;
    private final HeldCertificate nodeCertificate;
    private final String fingerprint;
    private final Builder settings;

    private ProxmoxSimulator(Builder builder) {
        this.settings = builder;
        this.clusterCa = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("Proxmox Virtual Environment")
                .organizationalUnit("PVE Cluster Manager CA")
                .duration(3650, TimeUnit.DAYS)
                .build();
        HeldCertificate.Builder leaf = new HeldCertificate.Builder()
                .commonName(builder.nodes.get(0).name() + ".local")
                .organizationalUnit("PVE Cluster Node")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .duration(365, TimeUnit.DAYS)
                .signedBy(clusterCa);
        builder.nodes.forEach(node -> leaf.addSubjectAlternativeName(node.name()));
        this.nodeCertificate = leaf.build();
        this.fingerprint = sha256Fingerprint(nodeCertificate.certificate());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "proxmox-simulator-tasks");
            thread.setDaemon(true);
            return thread;
        });
        SimulatorSettings simulatorSettings = new SimulatorSettings(builder.taskDuration, builder.taskVisibilityDelay, builder.flavor,
                builder.lockWaitMinute, builder.backupRetention);
        this.disks = new ContainerDisks(builder.workDirectory);
        this.state = new SimulatorState(builder.nodes, simulatorSettings, scheduler, disks);
        AuthGate auth = new AuthGate(builder.tokenId, builder.tokenSecret, builder.username, builder.password,
                builder.ticketLifetime, builder.flavor);
        this.dispatcher = new SimulatorDispatcher(state, auth, builder.authFailureDelay, builder.flavor, () -> fingerprint);
    }

    /** @return a builder with one online node {@code pve} (64 GiB, 16 cores) unless nodes are added */
    public static Builder builder() {
        return new Builder();
    }

    private ProxmoxSimulator startServer() {
        HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
                .heldCertificate(nodeCertificate, clusterCa.certificate())
                .build();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.useHttps(serverCertificates.sslSocketFactory());
        // Proxmox speaks HTTP/1.1; its messages live in the reason phrase, which HTTP/2 does not have.
        server.setProtocols(List.of(Protocol.HTTP_1_1));
        server.setDispatcher(dispatcher);
        try {
            server.start(settings.bindAddress, settings.port);
        } catch (IOException e) {
            scheduler.shutdownNow();
            disks.close();
            throw new UncheckedIOException("cannot start the Proxmox simulator on port " + settings.port, e);
        }
        LOG.info("Proxmox simulator listening on {} (certificate SHA-256 {})", url(), fingerprint);
        return this;
    }

    /** @return the base URL, {@code https://localhost:PORT}; the API lives under {@code /api2/json} */
    public String url() {
        return "https://localhost:" + server.getPort();
    }

    /** @return the port it listens on */
    public int port() {
        return server.getPort();
    }

    /** @return the node certificate's SHA-256 fingerprint, {@code AA:BB:..} */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return the node certificate, PEM */
    public String certificatePem() {
        return nodeCertificate.certificatePem();
    }

    /** @return the cluster CA certificate that signed the node certificate, PEM (what a CA file holds) */
    public String caCertificatePem() {
        return clusterCa.certificatePem();
    }

    /** @return the API token id ({@code user@realm!tokenid}), or null when tokens are off */
    public String tokenId() {
        return settings.tokenId;
    }

    /** @return the login user ({@code user@realm}), or null when password logins are off */
    public String username() {
        return settings.username;
    }

    /**
     * @param vmid a container id
     * @return a snapshot of the container, or empty when no node holds it
     */
    public Optional<SimulatedContainer> container(int vmid) {
        return state.container(vmid);
    }

    /**
     * Adds a container directly, as if it had been created long ago, without a task; tests and
     * benchmarks seed large clusters this way.
     *
     * @param node its node
     * @param vmid its id
     * @param hostname its hostname
     * @param tags its tags
     * @param description its description, or null
     * @param running whether it runs
     * @throws IllegalArgumentException when the node is unknown or the id taken
     */
    public void seedContainer(String node, int vmid, String hostname, List<String> tags, String description, boolean running) {
        state.seed(node, vmid, hostname, tags, description, running);
    }

    /**
     * Adds a QEMU virtual machine directly, as if created long ago: the inventory calls list it.
     *
     * @param node its node
     * @param vmid its id (shared with containers)
     * @param name its name
     * @param tags its tags
     * @param running whether it runs
     * @throws IllegalArgumentException when the node is unknown or the id taken
     */
    public void seedVm(String node, int vmid, String name, List<String> tags, boolean running) {
        state.seedVm(node, vmid, name, tags, running);
    }

    /**
     * Makes a guest vanish without a task, as if destroyed behind the API's back (a node's disk
     * lost, another tool); the next listing no longer shows it.
     *
     * @param vmid the guest
     * @throws IllegalArgumentException when no guest has that id
     */
    public void forgetGuest(int vmid) {
        state.forget(vmid);
    }

    /**
     * Sets (or clears, with null) a container's lock with no task holding it, as a task that died
     * leaves it: calls on the container are refused with {@code CT N is locked (LOCK)} until it is cleared.
     *
     * @param vmid the container
     * @param lock the lock, e.g. {@code backup}, or null
     */
    public void lock(int vmid, String lock) {
        state.lock(vmid, lock);
    }

    /** @return snapshots of every backup archive on every node's storage */
    public List<SimulatedBackup> backupVolumes() {
        return state.backupVolumes();
    }

    /**
     * Writes a backup archive of a container as it is now, without a task, as if vzdump had taken
     * it at that time (a later second if an archive of the container already has that one): tests
     * of retention and listing seed backups of any age this way.
     *
     * @param node the container's node
     * @param vmid the container
     * @param createdAt when the archive was taken
     * @return its volume id on the node's {@code local} storage, compressed with zstd
     * @throws IllegalArgumentException when the node holds no such container
     */
    public String seedBackup(String node, int vmid, Instant createdAt) {
        return state.seedBackup(node, vmid, "local", "zstd", Objects.requireNonNull(createdAt, "createdAt"));
    }

    /**
     * Deletes a backup archive without a task, as if removed behind the API's back.
     *
     * @param node the node whose storage holds it
     * @param volid its volume id
     * @throws IllegalArgumentException when that node has no such archive
     */
    public void forgetBackup(String node, String volid) {
        state.forgetBackup(node, volid);
    }

    /**
     * Damages a backup archive: a restore from it fails while extracting the files, after PVE
     * already destroyed the container it replaces, as with a truncated archive on a real node.
     *
     * @param node the node whose storage holds it
     * @param volid its volume id
     * @throws IllegalArgumentException when that node has no such archive
     */
    public void damageBackup(String node, String volid) {
        state.damageBackup(node, volid);
    }

    /** @return snapshots of every container, by vmid */
    public List<SimulatedContainer> containers() {
        return state.containers();
    }

    /** @return the nodes as they stand */
    public List<SimulatedNode> nodes() {
        return state.nodes();
    }

    /**
     * Changes a node's cluster status; calls routed to a node that is not online answer 595.
     *
     * @param node the node
     * @param status {@code online}, {@code offline} or {@code unknown}
     */
    public void setNodeStatus(String node, String status) {
        state.setNodeStatus(node, status);
    }

    /** @param fault a fault for the next matching calls */
    public void inject(Fault fault) {
        dispatcher.inject(Objects.requireNonNull(fault, "fault"));
    }

    /** Removes every fault not yet used up. */
    public void clearFaults() {
        dispatcher.clearFaults();
    }

    /** @return every call received so far, in order */
    public List<RecordedCall> calls() {
        return dispatcher.calls();
    }

    /**
     * @param method HTTP method
     * @param pathRegex regular expression over the path below {@code /api2/json}
     * @return the calls received that match
     */
    public List<RecordedCall> calls(String method, String pathRegex) {
        return dispatcher.calls().stream()
                .filter(call -> call.method().equals(method) && call.path().matches(pathRegex)).toList();
    }

    /** Forgets the calls received so far. */
    public void clearCalls() {
        dispatcher.clearCalls();
    }

    /** Stops the server and the task scheduler. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        disks.close();
        try {
            server.close();
        } catch (RuntimeException e) {
            LOG.debug("simulator server did not close cleanly", e);
        }
    }

    static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the simulator certificate", e);
        }
    }

    /** Configures and starts a simulator. */
    public static final class Builder {
        private final List<SimulatedNode> nodes = new ArrayList<>();
        private String tokenId;
        private String tokenSecret;
        private String username;
        private String password;
        private Duration taskDuration = Duration.ofMillis(500);
        private Duration taskVisibilityDelay = Duration.ZERO;
        private Duration authFailureDelay = Duration.ofSeconds(3);
        private Duration ticketLifetime = Duration.ofHours(2);
        private ApiFlavor flavor = ApiFlavor.CURRENT;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private java.nio.file.Path workDirectory;
        private int port;
        private Duration lockWaitMinute = Duration.ofMinutes(1);
        private final Map<String, BackupRetention> backupRetention = new HashMap<>();

        private Builder() {
        }

        /**
         * @param node a node to serve
         * @return this builder
         */
        public Builder node(SimulatedNode node) {
            if (nodes.stream().anyMatch(existing -> existing.name().equals(node.name()))) {
                throw new IllegalArgumentException("node '" + node.name() + "' is already configured");
            }
            nodes.add(node);
            return this;
        }

        /**
         * @param name node name
         * @param maxMemGiB memory, GiB
         * @param maxCpu cores
         * @return this builder
         */
        public Builder node(String name, int maxMemGiB, int maxCpu) {
            return node(SimulatedNode.online(name, maxMemGiB, maxCpu));
        }

        /**
         * @param id the token id, {@code user@realm!tokenid}
         * @param secret the token secret
         * @return this builder
         */
        public Builder apiToken(String id, String secret) {
            if (!id.matches("[^@!\\s]+@[^@!\\s]+![A-Za-z][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("token id must look like user@realm!tokenid, was '" + id + "'");
            }
            this.tokenId = id;
            this.tokenSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * @param user {@code user@realm}
         * @param secret the password
         * @return this builder
         */
        public Builder user(String user, String secret) {
            if (!user.matches("[^@!\\s]+@[^@!\\s]+")) {
                throw new IllegalArgumentException("user must look like user@realm, was '" + user + "'");
            }
            this.username = user;
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /**
         * @param duration how long every task runs before it stops
         * @return this builder
         */
        public Builder taskDuration(Duration duration) {
            this.taskDuration = requireNonNegative(duration, "task duration");
            return this;
        }

        /**
         * @param delay how long a new task answers {@code no such task}
         * @return this builder
         */
        public Builder taskVisibilityDelay(Duration delay) {
            this.taskVisibilityDelay = requireNonNegative(delay, "task visibility delay");
            return this;
        }

        /**
         * @param delay how long failed authentications wait before answering (real nodes: about 3 s)
         * @return this builder
         */
        public Builder authFailureDelay(Duration delay) {
            this.authFailureDelay = requireNonNegative(delay, "auth failure delay");
            return this;
        }

        /**
         * @param lifetime how long a ticket stays valid (real nodes: 2 h)
         * @return this builder
         */
        public Builder ticketLifetime(Duration lifetime) {
            this.ticketLifetime = requireNonNegative(lifetime, "ticket lifetime");
            return this;
        }

        /**
         * @param apiFlavor the server generation to imitate
         * @return this builder
         */
        public Builder flavor(ApiFlavor apiFlavor) {
            this.flavor = Objects.requireNonNull(apiFlavor, "flavor");
            return this;
        }

        /**
         * @param address the address to listen on (default loopback)
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param directory where containers' root filesystems live (kept after close); by default a
         *                  temporary directory deleted on close
         * @return this builder
         */
        public Builder workDirectory(java.nio.file.Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Gives a storage a backup retention, as {@code prune-backups} in PVE's storage
         * configuration does (by default every storage keeps every backup, as on a fresh install).
         * A vzdump that does not send {@code remove=0} then deletes the guest's older archives
         * beyond it; one that does, and finds the guest already at the limit, fails.
         *
         * @param storage a storage that holds backups ({@code local})
         * @param pruneBackups the retention, e.g. {@code keep-last=3}
         * @return this builder
         */
        public Builder backupRetention(String storage, String pruneBackups) {
            if (!SimulatorState.storageHolds(storage, "backup")) {
                throw new IllegalArgumentException("storage '" + storage + "' holds no backups");
            }
            backupRetention.put(storage, BackupRetention.parse(Objects.requireNonNull(pruneBackups, "pruneBackups")));
            return this;
        }

        /**
         * @param length how long one minute of vzdump's {@code lockwait} lasts, so that tests can
         *               outwait it (a real minute by default)
         * @return this builder
         */
        public Builder lockWaitMinute(Duration length) {
            this.lockWaitMinute = requireNonNegative(length, "lock wait minute");
            return this;
        }

        /**
         * @param listenPort the port, 0 for any free one
         * @return this builder
         */
        public Builder port(int listenPort) {
            if (listenPort < 0 || listenPort > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + listenPort);
            }
            this.port = listenPort;
            return this;
        }

        /** @return the started simulator */
        public ProxmoxSimulator start() {
            if (nodes.isEmpty()) {
                nodes.add(SimulatedNode.online("pve", 64, 16));
            }
            if (tokenId == null && username == null) {
                throw new IllegalStateException("configure an API token or a user, or no client can log in");
            }
            return new ProxmoxSimulator(this).startServer();
        }

        private static Duration requireNonNegative(Duration duration, String what) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero or positive, was " + duration);
            }
            return duration;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ProxmoxSimulator.Builder[nodes=%s, token=%s, user=%s]", nodes, tokenId, username);
        }
    }
}
