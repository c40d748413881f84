package dev.proximity.samples.apps;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.PendingDeployment;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.platform.Secret;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.RetryPolicy;
import dev.proximity.proxmox.TaskPolling;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import dev.proximity.samples.support.SimulatedCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM using the library against a simulated cluster the parent test runs, so tests can
 * kill it mid-operation or have several processes share one store. Arguments:
 * {@code STORE_URL PVE_URL FINGERPRINT KNOWN_HOSTS NODE=HOST:PORT[,..] COMMAND [ARGS]}, with commands
 * {@code deploy HOSTNAME [COUNT [pause]]} (COUNT deploys at once; prints {@code step NAME} for each logged step, then {@code done ID};
 * with {@code pause} it waits 300 ms after printing each step ({@code pause-at=STEP}: that step only), so a parent killing it on that line
 * kills it exactly there)
 * {@code operate OPERATION APP [ARGUMENT] [pause | pause-at=STEP]} (clone APP NEW_HOSTNAME, update APP, move APP NODE, backup APP,
 * restore-as-new APP BACKUP_ID, restore APP BACKUP_ID, delete-backup APP BACKUP_ID, resize APP, snapshot APP,
 * rollback APP SNAPSHOT, adopt VMID: prints {@code ready}, each step, then {@code done}),
 * and {@code reconcile} (prints {@code reconciled N}). Node {@code pve2} keeps stacks under {@code /srv/apps}.
 */
public final class AppsChildMain {

    /** The node a two-node cluster adds, which keeps app data under another base path. */
    static final String SECOND_NODE = "pve2";
    /** Where stacks live in containers on {@link #SECOND_NODE}. */
    static final String SECOND_NODE_APP_DIRECTORY = "/srv/apps";

    private AppsChildMain() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        List<String> options = List.of(args).subList(Math.min(args.length, 6), args.length);
        String pauseAt = options.stream().filter(arg -> arg.startsWith("pause-at=")).map(arg -> arg.substring("pause-at=".length()))
                .findFirst().orElse(options.contains("pause") ? "*" : null);
        Map<String, NodeAddress> nodes = new LinkedHashMap<>();
        for (String node : args[4].split(",")) {
            String[] nameAndAddress = node.split("=");
            String[] hostAndPort = nameAndAddress[1].split(":");
            nodes.put(nameAndAddress[0], new NodeAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])));
        }
        ProxmoxConfig config = ProxmoxConfig.builder(args[1])
                .credentials(ProxmoxCredentials.apiToken(SimulatedCluster.TOKEN_ID, Secret.of(SimulatedCluster.tokenSecret())))
                .tls(TlsTrust.pinnedFingerprint(args[2]))
                .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                .polling(new TaskPolling(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(2)))
                .build();
        try (ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(config);
             PctExecGuestExec guest = PctExecGuestExec.builder(SshCredentials.password("root", Secret.of(SimulatedCluster.rootPassword())))
                     .hostKeys(HostKeyPolicy.knownHosts(Path.of(args[3])))
                     .nodeAddresses(NodeAddressResolver.of(nodes)).build();
             Proximity proximity = Proximity.builder().store(args[0]).platform(platform).guestExec(guest)
                     .catalog(SimulatedCluster.catalog()).pollInterval(Duration.ofMillis(10)).deployExecutor(10, 10)
                     .appDirectory(SECOND_NODE, SECOND_NODE_APP_DIRECTORY)
                     .healthTimeout(Duration.ofSeconds(5)).stuckAfter(Duration.ZERO)
                     .listener(entry -> {
                         print("step " + entry.step());
                         if ("*".equals(pauseAt) || entry.step().equals(pauseAt)) {
                             sleep();
                         }
                     }).build()) {
            switch (args[5]) {
                case "deploy" -> {
                    int count = args.length > 7 ? Integer.parseInt(args[7]) : 1;
                    List<PendingDeployment> pending = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        String hostname = count == 1 ? args[6] : args[6] + "-" + i;
                        pending.add(proximity.apps().deployAsync(DeployRequest.of("nginx", hostname)));
                    }
                    for (PendingDeployment deployment : pending) {
                        print("done " + deployment.result().join().id());
                    }
                }
                case "operate" -> {
                    String appId = args[7];
                    String argument = args.length > 8 ? args[8] : null;
                    print("ready");
                    switch (args[6]) {
                        case "clone" -> proximity.apps().clone(appId, argument);
                        case "update" -> proximity.apps().update(appId);
                        case "move" -> proximity.apps().move(appId, argument);
                        case "backup" -> proximity.backups().create(BackupRequest.of(appId));
                        case "restore-as-new" -> proximity.backups().restoreAsNew(argument, "restored");
                        case "restore" -> proximity.backups().restore(argument);
                        case "delete-backup" -> proximity.backups().delete(argument);
                        case "resize" -> proximity.apps().resize(appId, new ResizeRequest(2, 1024, 12));
                        case "snapshot" -> proximity.snapshots().create(appId, "kept", null);
                        case "rollback" -> proximity.snapshots().rollback(appId, argument);
                        case "adopt" -> proximity.apps().adopt(AdoptRequest.of(Integer.parseInt(appId), "nginx"));
                        default -> throw new IllegalArgumentException("unknown operation " + args[6]);
                    }
                    print("done");
                }
                case "reconcile" -> {
                    ReconcileReport report = proximity.apps().reconcile();
                    report.actions().forEach(action -> print("action " + action.kind() + " " + action.appId() + " " + action.detail()));
                    print("reconciled " + report.actions().size());
                }
                default -> throw new IllegalArgumentException("unknown command " + args[5]);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * @param cluster the cluster
     * @param storeUrl the store
     * @param command the command and its arguments
     * @return the arguments of a child using that cluster and store
     */
    static String[] arguments(SimulatedCluster cluster, String storeUrl, String... command) {
        StringBuilder nodes = new StringBuilder();
        cluster.sshAddresses().forEach((name, address) -> nodes.append(nodes.length() == 0 ? "" : ",")
                .append(name).append('=').append(address.host()).append(':').append(address.port()));
        String[] fixed = {storeUrl, cluster.pve().url(), cluster.pve().fingerprint(), cluster.knownHosts().toString(),
                nodes.toString()};
        String[] all = new String[fixed.length + command.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(command, 0, all, fixed.length, command.length);
        return all;
    }
}
