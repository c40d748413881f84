package dev.proximity.samples.cli;

import dev.proximity.proxmox.simulator.ApiFlavor;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.SimulatedNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code proximity simulator --port 8006}: runs the Proxmox VE API simulator until killed, and prints
 * what a client needs to reach it (URL, certificate fingerprint, credentials). The credentials are
 * throwaway values for a local fake; printing them is the point.
 */
@Command(name = "simulator",
        mixinStandardHelpOptions = true,
        description = {"Run a simulated Proxmox VE API (HTTPS, api2/json) with nodes, LXC containers and tasks.",
                "Prints the URL, the certificate's SHA-256 fingerprint (to pin) and the credentials; runs until killed."})
public final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8006", description = "port to listen on (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    private String bind;

    @Option(names = "--token-id", defaultValue = "root@pam!proximity", paramLabel = "USER@REALM!ID",
            description = "API token id (default: ${DEFAULT-VALUE})")
    private String tokenId;

    @Option(names = "--token-secret", paramLabel = "SECRET", description = "API token secret (default: a random UUID)")
    private String tokenSecret;

    @Option(names = "--user", defaultValue = "root@pam", paramLabel = "USER@REALM",
            description = "user for ticket logins (default: ${DEFAULT-VALUE})")
    private String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "password for ticket logins (default: random)")
    private String password;

    @Option(names = "--node", paramLabel = "NAME:GIB:CORES", split = ",",
            description = "a node, repeatable or comma-separated (default: pve:64:16)")
    private List<String> nodes;

    @Option(names = "--task-duration", defaultValue = "PT1S", paramLabel = "DURATION",
            description = "how long each task runs, ISO-8601 (default: ${DEFAULT-VALUE})")
    private Duration taskDuration;

    @Option(names = "--auth-failure-delay", defaultValue = "PT3S", paramLabel = "DURATION",
            description = "delay before failed-authentication answers, like real nodes (default: ${DEFAULT-VALUE})")
    private Duration authFailureDelay;

    @Option(names = "--flavor", defaultValue = "CURRENT",
            description = "server generation to imitate: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private ApiFlavor flavor;

    @Override
    public Integer call() throws Exception {
        String secret = tokenSecret != null ? tokenSecret : UUID.randomUUID().toString();
        String pass = password != null ? password : UUID.randomUUID().toString().substring(0, 12);
        ProxmoxSimulator.Builder builder = ProxmoxSimulator.builder()
                .port(port)
                .bindAddress(InetAddress.getByName(bind))
                .apiToken(tokenId, secret)
                .user(user, pass)
                .taskDuration(taskDuration)
                .authFailureDelay(authFailureDelay)
                .flavor(flavor);
        for (String node : nodes == null ? List.<String>of() : nodes) {
            builder.node(parseNode(node));
        }
        ProxmoxSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        printBanner(System.out, simulator, secret, pass);
        stopped.await();
        return 0;
    }

    private void printBanner(PrintStream out, ProxmoxSimulator simulator, String secret, String pass) {
        out.println("Proxmox VE simulator running (Ctrl-C to stop)");
        out.println("  URL:          " + simulator.url() + "/api2/json");
        out.println("  fingerprint:  " + simulator.fingerprint() + "  (SHA-256, pin this)");
        out.println("  API token:    PVEAPIToken=" + tokenId + "=" + secret);
        out.println("  user:         " + user + "  password: " + pass);
        out.println("  nodes:        " + simulator.nodes().stream()
                .map(node -> node.name() + " (" + (node.maxMemBytes() >> 30) + " GiB, " + node.maxCpu() + " cores, " + node.status() + ")")
                .toList());
        out.println("  task duration: " + taskDuration.toMillis() + " ms, flavor: " + flavor);
        out.println("  cluster CA (PEM), for a CA-file trust setting:");
        out.print(simulator.caCertificatePem());
        out.flush();
    }

    private static SimulatedNode parseNode(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--node must be NAME:GIB:CORES, was '" + text + "'");
        }
        try {
            return SimulatedNode.online(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--node must be NAME:GIB:CORES with whole numbers, was '" + text + "'", e);
        }
    }
}
