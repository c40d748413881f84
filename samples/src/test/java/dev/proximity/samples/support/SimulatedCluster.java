package dev.proximity.samples.support;

import dev.proximity.api.platform.Secret;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.RetryPolicy;
import dev.proximity.proxmox.TaskPolling;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import dev.proximity.proxmox.simulator.ssh.SimulatorGuestContainers;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import dev.proximity.store.json.JsonCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A whole simulated cluster for end-to-end tests: the Proxmox API simulator (HTTPS, certificate
 * pinned) and one SSH node per Proxmox node (host keys checked through a known_hosts file), with the
 * library's real platform and {@code pct exec} clients pointed at them.
 */
public final class SimulatedCluster implements AutoCloseable {

    /** The API token of the simulated cluster. */
    public static final String TOKEN_ID = "root@pam!e2e";
    private static final Secret TOKEN = Secret.of("e2e-token-5ecret");
    private static final Secret ROOT_PASSWORD = Secret.of("e2e-root-pw");

    private final ProxmoxSimulator pve;
    private final Map<String, SimulatedNodeSshServer> nodes = new LinkedHashMap<>();
    private final Path knownHosts;
    private final ProxmoxContainerPlatform platform;
    private final PctExecGuestExec guest;

    private SimulatedCluster(ProxmoxSimulator pve, Path directory, Duration callTimeout) throws IOException {
        this.pve = pve;
        this.knownHosts = directory.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        Map<String, NodeAddress> addresses = new LinkedHashMap<>();
        for (var node : pve.nodes()) {
            SimulatedNodeSshServer ssh = SimulatedNodeSshServer.builder(node.name(), SimulatorGuestContainers.of(pve))
                    .password("root", ROOT_PASSWORD).start();
            ssh.appendKnownHostsLine(knownHosts);
            nodes.put(node.name(), ssh);
            addresses.put(node.name(), new NodeAddress(ssh.host(), ssh.port()));
        }
        this.platform = ProxmoxContainerPlatform.connect(config(callTimeout));
        this.guest = PctExecGuestExec.builder(SshCredentials.password("root", ROOT_PASSWORD))
                .hostKeys(HostKeyPolicy.knownHosts(knownHosts))
                .nodeAddresses(NodeAddressResolver.of(addresses))
                .build();
    }

    /**
     * @param directory a directory for the known_hosts file
     * @param simulator the simulator's settings; nodes default to one, {@code pve}
     * @return the started cluster
     */
    public static SimulatedCluster start(Path directory, UnaryOperator<ProxmoxSimulator.Builder> simulator) {
        return start(directory, simulator, Duration.ofSeconds(10));
    }

    /**
     * @param directory a directory for the known_hosts file
     * @param simulator the simulator's settings
     * @param callTimeout how long one HTTP call may take
     * @return the started cluster
     */
    public static SimulatedCluster start(Path directory, UnaryOperator<ProxmoxSimulator.Builder> simulator, Duration callTimeout) {
        ProxmoxSimulator pve = simulator.apply(ProxmoxSimulator.builder().apiToken(TOKEN_ID, TOKEN.value())
                .taskDuration(Duration.ofMillis(20)).authFailureDelay(Duration.ZERO)).start();
        try {
            return new SimulatedCluster(pve, directory, callTimeout);
        } catch (IOException | RuntimeException e) {
            pve.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * @param callTimeout how long one HTTP call may take
     * @return a client configuration for this cluster: token, pinned certificate, quick polls and retries
     */
    public ProxmoxConfig config(Duration callTimeout) {
        return ProxmoxConfig.builder(pve.url())
                .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, TOKEN))
                .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                .callTimeout(callTimeout)
                .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                .polling(new TaskPolling(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(2)))
                .build();
    }

    /** @return the catalog of the shared fixtures (nginx, wordpress, adminer) */
    public static JsonCatalog catalog() {
        try {
            return JsonCatalog.load(Path.of(SimulatedCluster.class.getResource("/catalog").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param storeUrl the store
     * @return a builder wired to this cluster, with quick polls and short timeouts for tests
     */
    public Proximity.Builder proximity(String storeUrl) {
        return Proximity.builder().store(storeUrl).platform(platform).guestExec(guest).catalog(catalog())
                .pollInterval(Duration.ofMillis(10)).healthTimeout(Duration.ofSeconds(2)).addressTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(10)).dockerInstallTimeout(Duration.ofSeconds(10));
    }

    /** @return the simulator */
    public ProxmoxSimulator pve() {
        return pve;
    }

    /** @param node a node name @return its SSH server */
    public SimulatedNodeSshServer ssh(String node) {
        return nodes.get(node);
    }

    /** @return the platform client */
    public ProxmoxContainerPlatform platform() {
        return platform;
    }

    /** @return the guest exec client */
    public PctExecGuestExec guest() {
        return guest;
    }

    /** @return the known_hosts file listing every node */
    public Path knownHosts() {
        return knownHosts;
    }

    /** @return the SSH address of every node */
    public Map<String, NodeAddress> sshAddresses() {
        Map<String, NodeAddress> addresses = new LinkedHashMap<>();
        nodes.forEach((name, ssh) -> addresses.put(name, new NodeAddress(ssh.host(), ssh.port())));
        return addresses;
    }

    /**
     * @param installationId an installation's id
     * @return the containers that carry its marker
     */
    public List<SimulatedContainer> containersOf(String installationId) {
        List<SimulatedContainer> marked = new ArrayList<>();
        for (SimulatedContainer container : pve.containers()) {
            if (container.tags().contains("proximity-" + installationId)) {
                marked.add(container);
            }
        }
        return marked;
    }

    @Override
    public void close() {
        guest.close();
        platform.close();
        nodes.values().forEach(SimulatedNodeSshServer::close);
        pve.close();
    }

    /** @return the token secret, for child JVMs */
    public static String tokenSecret() {
        return TOKEN.value();
    }

    /** @return the SSH password, for child JVMs */
    public static String rootPassword() {
        return ROOT_PASSWORD.value();
    }
}
