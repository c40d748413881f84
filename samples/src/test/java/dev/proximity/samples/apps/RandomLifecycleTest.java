package dev.proximity.samples.apps;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.error.ProximityException;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import dev.proximity.proxmox.simulator.ssh.ExecFault;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of deploys, lifecycle actions, reconciles and changes behind Proximity's back,
 * each under a random platform fault: after every step no marked container lacks a record and no
 * port lacks an app; after every reconcile the store and the cluster agree completely.
 *
 * <p>The default build runs {@value #DEFAULT_ROUNDS} rounds; {@code mvn verify -Plong-proofs} runs
 * the full count (system property {@code proximity.lifecycle.rounds}). A failure prints its seed;
 * rerun it with {@code -Dproximity.lifecycle.seed=SEED}.
 */
class RandomLifecycleTest {

    private static final int DEFAULT_ROUNDS = 60;

    @TempDir
    Path directory;

    @Test
    void invariantsHoldUnderRandomOperationsAndFaults() {
        int rounds = Integer.getInteger("proximity.lifecycle.rounds", DEFAULT_ROUNDS);
        long seed = Long.getLong("proximity.lifecycle.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> history = new ArrayList<>();
        try (SimulatedCluster cluster = SimulatedCluster.start(directory, pve -> pve);
             Proximity proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db"))
                     .healthTimeout(Duration.ofMillis(500)).stuckAfter(Duration.ZERO).build()) {
            AppService apps = proximity.apps();
            String installation = proximity.installationId();
            int hostnames = 0;
            for (int round = 0; round < rounds; round++) {
                String fault = injectRandomFault(cluster, random);
                List<App> existing = proximity.store().read((StoreSession s) -> s.apps().listAfter(null, 100));
                App target = existing.isEmpty() ? null : existing.get(random.nextInt(existing.size()));
                int choice = random.nextInt(10);
                String operation;
                try {
                    if (target == null || choice < 3) {
                        operation = "deploy app-" + hostnames;
                        apps.deploy(DeployRequest.of(random.nextBoolean() ? "nginx" : "adminer", "app-" + hostnames++));
                    } else if (choice == 3) {
                        operation = "start " + target.id();
                        apps.start(target.id());
                    } else if (choice == 4) {
                        boolean force = random.nextBoolean();
                        operation = "stop " + target.id() + (force ? " (forced)" : "");
                        apps.stop(target.id(), force);
                    } else if (choice == 5) {
                        operation = "restart " + target.id();
                        apps.restart(target.id());
                    } else if (choice == 6) {
                        operation = "delete " + target.id();
                        apps.delete(target.id());
                    } else if (choice == 7) {
                        operation = "reconcile";
                        apps.reconcile();
                    } else {
                        operation = behindTheBack(cluster, target, random);
                    }
                } catch (ProximityException expected) {
                    operation = "failed: " + expected.getClass().getSimpleName();
                }
                history.add("round " + round + ": " + fault + " -> " + operation);
                cluster.pve().clearFaults();
                assertWeakInvariants(proximity, cluster, installation, seed, history);
                if (round % 10 == 9) {
                    apps.reconcile();
                    Invariants.assertConsistent(proximity.store(), cluster.pve(), installation);
                }
            }
            apps.reconcile();
            Invariants.assertConsistent(proximity.store(), cluster.pve(), installation);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + "; history:\n" + String.join("\n", history), e);
        }
    }

    /** What must hold after every single operation, even one that failed midway. */
    private static void assertWeakInvariants(Proximity proximity, SimulatedCluster cluster, String installation, long seed,
                                             List<String> history) {
        List<App> apps = proximity.store().read((StoreSession s) -> s.apps().listAfter(null, 1000));
        Set<Integer> recorded = apps.stream().map(App::vmid).filter(v -> v != null).collect(Collectors.toSet());
        Set<String> ids = apps.stream().map(App::id).collect(Collectors.toSet());
        List<PortLease> leases = proximity.store().read((StoreSession s) -> s.portLeases().listAfter(0, 1000));
        assertThat(cluster.containersOf(installation)).as("marked containers have records (seed %d)", seed)
                .extracting(SimulatedContainer::vmid).allSatisfy(vmid -> assertThat(recorded).contains(vmid));
        assertThat(leases).as("leases belong to apps (seed %d)", seed).allSatisfy(lease -> assertThat(ids).contains(lease.ownerId()));
    }

    private static String injectRandomFault(SimulatedCluster cluster, Random random) {
        if (random.nextInt(10) >= 3) {
            return "no fault";
        }
        String[][] rest = {{"POST", "/nodes/pve/lxc"}, {"POST", "/nodes/pve/lxc/\\d+/status/start"},
                {"POST", "/nodes/pve/lxc/\\d+/status/shutdown"}, {"POST", "/nodes/pve/lxc/\\d+/status/stop"},
                {"POST", "/nodes/pve/lxc/\\d+/status/reboot"}, {"DELETE", "/nodes/pve/lxc/\\d+"}, {"GET", "/nodes/pve/lxc"},
                {"GET", "/nodes/pve/lxc/\\d+/interfaces"}};
        String[] exec = {"docker compose version", " up -d", " down", "nc -z"};
        int kind = random.nextInt(5);
        if (kind < 3) {
            String[] call = rest[random.nextInt(rest.length)];
            switch (kind) {
                case 0 -> cluster.pve().inject(Fault.on(call[0], call[1]).times(3).respond(500, "random failure"));
                case 1 -> cluster.pve().inject(Fault.on(call[0], call[1]).dropConnection());
                default -> cluster.pve().inject(Fault.on(call[0], call[1]).failTask("random task failure"));
            }
            return "fault " + kind + " on " + call[0] + " " + call[1];
        }
        String fragment = exec[random.nextInt(exec.length)];
        cluster.ssh("pve").inject(ExecFault.whenScriptContains(fragment).times(3).exit(1, "random exit"));
        return "exec fault on '" + fragment + "'";
    }

    private static String behindTheBack(SimulatedCluster cluster, App target, Random random) {
        if (target.vmid() == null || cluster.pve().container(target.vmid()).isEmpty()) {
            return "nothing behind the back";
        }
        SimulatedContainer container = cluster.pve().container(target.vmid()).orElseThrow();
        if (random.nextBoolean()) {
            if (container.running()) {
                cluster.platform().stop(container.node(), container.vmid());
                return "stopped CT " + container.vmid() + " behind the back";
            }
            cluster.platform().start(container.node(), container.vmid());
            return "started CT " + container.vmid() + " behind the back";
        }
        cluster.platform().delete(container.node(), container.vmid(), true, true);
        return "destroyed CT " + container.vmid() + " behind the back";
    }
}
