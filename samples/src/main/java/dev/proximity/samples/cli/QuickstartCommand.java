package dev.proximity.samples.cli;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.Secret;
import dev.proximity.api.port.PortPair;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import dev.proximity.proxmox.simulator.ssh.SimulatorGuestContainers;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code proximity quickstart}: a five-minute tour that runs on any machine. It starts a simulated
 * Proxmox node (HTTPS API and SSH), opens a store, and walks one app through the deploy steps with
 * the library's real parts: port leasing, the Proxmox REST client (fingerprint pinned), {@code pct exec}
 * over SSH (host key pinned), and the store.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Deploy one app onto a simulated Proxmox node, end to end, and show what was stored.",
                "Nothing outside this process is touched; the store defaults to a fresh SQLite file."})
public final class QuickstartCommand implements Callable<Integer> {

    private static final String TOKEN_ID = "root@pam!quickstart";

    @Option(names = "--store", paramLabel = "URL",
            description = "store URL: json:PATH, jdbc:sqlite:PATH or jdbc:postgresql://... (default: a new SQLite file)")
    private String storeUrl;

    @Option(names = "--hostname", defaultValue = "hello-web", description = "hostname of the app (default: ${DEFAULT-VALUE})")
    private String hostname;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Secret tokenSecret = Secret.of(UUID.randomUUID().toString());
        Secret sshPassword = Secret.of(UUID.randomUUID().toString());
        String url = storeUrl != null ? storeUrl
                : "jdbc:sqlite:" + Files.createTempDirectory("proximity-quickstart").resolve("proximity.db");

        try (ProxmoxSimulator pve = ProxmoxSimulator.builder().node("pve", 64, 16).apiToken(TOKEN_ID, tokenSecret.value())
                     .taskDuration(Duration.ofMillis(300)).authFailureDelay(Duration.ZERO).start();
             SimulatedNodeSshServer pveSsh = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve))
                     .password("root", sshPassword).start();
             Proximity proximity = Proximity.builder().store(url).build();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                     .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, tokenSecret))
                     .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                     .build());
             PctExecGuestExec guest = PctExecGuestExec.builder(SshCredentials.password("root", sshPassword))
                     .hostKeys(HostKeyPolicy.pinnedFingerprint(pveSsh.hostKeyFingerprint()))
                     .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(pveSsh.host(), pveSsh.port()))))
                     .build()) {

            out.println("Proxmox (simulated): " + pve.url() + "  certificate " + pve.fingerprint());
            out.println("store:               " + proximity.store().descriptor());
            ProximityStore store = proximity.store();
            String appId = App.idFor("nginx", hostname);
            Step step = new Step(store, appId, clock, out);

            PortPair ports = proximity.ports().allocate(appId);
            step.log(DeploymentLogEntry.INIT, "reserved ports " + ports.publicPort() + "/" + ports.internalPort());
            App app = store.write(s -> s.apps().insert(App.builder().id(appId).catalogId("nginx").name("Nginx")
                    .hostname(hostname).status(AppStatus.DEPLOYING).publicPort(ports.publicPort())
                    .internalPort(ports.internalPort()).ports(Map.of(80, ports.publicPort()))
                    .createdAt(clock.instant()).updatedAt(clock.instant()).stateChangedAt(clock.instant()).build()));

            NodeInfo node = platform.nodes().get(0);
            int vmid = platform.nextFreeVmid();
            platform.createContainer(node.name(), new ContainerSpec(vmid, hostname,
                    "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", 1, 512, 512, "local-lvm:8",
                    "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, null, null, false,
                    "proximity app " + appId, List.of("nginx")));
            step.log(DeploymentLogEntry.LXC_CREATE, "created CT " + vmid + " on node " + node.name());
            platform.start(node.name(), vmid);
            step.log(DeploymentLogEntry.LXC_START, "started CT " + vmid);

            ExecResult compose = guest.run(node.name(), vmid,
                    "printf '%s\\n' 'services:' '  nginx: {image: \"nginx:latest\"}' > compose.yaml && echo \"compose file: $(wc -l < compose.yaml) lines\"",
                    Duration.ofSeconds(30));
            step.log(DeploymentLogEntry.APP_DEPLOY, "pct exec " + vmid + " -> exit " + compose.exitCode() + ": " + compose.stdout().strip());

            String ip = platform.interfaces(node.name(), vmid).orElse(List.of()).stream()
                    .map(ContainerInterface::ipv4Address).filter(a -> a != null && !a.startsWith("127.")).findFirst().orElse("127.0.0.1");
            App running = store.write(s -> s.apps().update(app.toBuilder().vmid(vmid).node(node.name())
                    .url("http://" + ip + ":" + ports.publicPort()).build().withStatus(AppStatus.RUNNING, clock.instant())));
            proximity.ports().bind(appId);
            step.log(DeploymentLogEntry.COMPLETE, "running at " + running.url());

            out.println();
            out.println("stored app:  " + running.id() + " " + running.status().wireName() + " vmid=" + running.vmid()
                    + " node=" + running.node() + " url=" + running.url() + " version=" + running.version());
            out.println("running apps: " + store.read(s -> s.apps().find(AppQuery.all().withStatuses(AppStatus.RUNNING))).total());
            proximity.ports().usage().forEach(u -> out.println("ports " + u.kind().label() + " " + u.rangeText()
                    + ": " + u.used() + " used, " + u.available() + " free"));
            out.println("deployment log entries: " + store.read(s -> s.deploymentLogs().forApp(appId)).size());
            return 0;
        }
    }

    /** Appends a step to the app's deployment log and echoes it. */
    private record Step(ProximityStore store, String appId, Clock clock, PrintStream out) {
        void log(String step, String message) {
            store.write(s -> {
                s.deploymentLogs().append(new DeploymentLogEntry(appId, clock.instant(), LogLevel.INFO, step, message));
                return null;
            });
            out.printf("  %-11s %s%n", step, message);
        }
    }
}
