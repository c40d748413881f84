package dev.proximity.samples.bench;

import dev.proximity.api.inventory.SyncReport;
import dev.proximity.api.platform.Secret;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The on-demand benchmark of the cluster inventory (issue 11): a simulated cluster of 4 nodes and
 * N guests (9 in 10 containers, 1 in 10 VMs) synced into each store, over real HTTPS:
 * <ol>
 *   <li>HTTP calls per sync (target: 1 + nodes);</li>
 *   <li>the first sync (everything discovered);</li>
 *   <li>a sync with nothing changed (target: no writes);</li>
 *   <li>a sync where 1 % of the containers changed (their memory).</li>
 * </ol>
 */
public final class InventoryBenchmark {

    private static final String TOKEN_ID = "root@pam!bench";
    private static final Secret TOKEN = Secret.of("bench-token-secret");
    private static final List<String> NODES = List.of("pve1", "pve2", "pve3", "pve4");

    private final PrintStream out;
    private final Path work;

    /**
     * @param out where figures are printed
     * @param work a scratch directory
     */
    public InventoryBenchmark(PrintStream out, Path work) {
        this.out = out;
        this.work = work;
    }

    /**
     * @param guests guests in the cluster
     * @param postgres whether to include PostgreSQL (embedded)
     * @return whether every target was met
     * @throws Exception when a case cannot run
     */
    public boolean run(int guests, boolean postgres) throws Exception {
        Files.createDirectories(work);
        ProxmoxSimulator.Builder builder = ProxmoxSimulator.builder().apiToken(TOKEN_ID, TOKEN.value())
                .taskDuration(Duration.ZERO).authFailureDelay(Duration.ZERO).workDirectory(work.resolve("pve"));
        NODES.forEach(node -> builder.node(node, 1024, 128));
        boolean ok = true;
        try (ProxmoxSimulator pve = builder.start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                     .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, TOKEN)).tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                     .callTimeout(Duration.ofMinutes(2)).build())) {
            long seeding = System.nanoTime();
            List<Integer> containers = new ArrayList<>();
            for (int i = 0; i < guests; i++) {
                int vmid = 1000 + i;
                String node = NODES.get(i % NODES.size());
                if (i % 10 == 9) {
                    pve.seedVm(node, vmid, "vm-" + i, List.of(), i % 3 == 0);
                } else {
                    pve.seedContainer(node, vmid, "ct-" + i, List.of("bench"), null, i % 3 == 0);
                    containers.add(vmid);
                }
            }
            out.printf(Locale.ROOT, "inventory: %d guests (%d containers) on %d nodes seeded in %.1f s%n", guests,
                    containers.size(), NODES.size(), (System.nanoTime() - seeding) / 1e9);
            Map<String, String> stores = new LinkedHashMap<>();
            stores.put("json", "json:" + work.resolve("apps.json"));
            stores.put("sqlite", "jdbc:sqlite:" + work.resolve("inventory.db"));
            BenchPostgres pg = postgres ? BenchPostgres.start(work.resolve("pg-cluster")) : null;
            try {
                if (pg != null) {
                    stores.put("postgresql", pg.freshDatabase("inventory"));
                }
                int round = 0;
                for (Map.Entry<String, String> store : stores.entrySet()) {
                    ok &= measure(store.getKey(), store.getValue(), pve, platform, containers, ++round);
                }
            } finally {
                if (pg != null) {
                    pg.close();
                }
            }
        }
        return ok;
    }

    private boolean measure(String name, String url, ProxmoxSimulator pve, ProxmoxContainerPlatform platform,
                            List<Integer> containers, int round) {
        try (Proximity proximity = Proximity.builder().store(url).cluster(platform).build()) {
            int target = 1 + NODES.size();
            pve.clearCalls();
            SyncReport first = proximity.inventory().sync();
            int firstCalls = pve.calls().size();
            // the first read of a full inventory warms the JIT; the median of five is the figure
            double[] quietSeconds = new double[5];
            int quietWrites = 0;
            int quietCalls = 0;
            for (int i = 0; i < quietSeconds.length; i++) {
                pve.clearCalls();
                SyncReport quiet = proximity.inventory().sync();
                quietSeconds[i] = seconds(quiet);
                quietWrites += quiet.writes();
                quietCalls = Math.max(quietCalls, pve.calls().size());
            }
            double firstQuiet = quietSeconds[0];
            java.util.Arrays.sort(quietSeconds);
            int changed = Math.max(1, containers.size() / 100);
            for (int i = 0; i < changed; i++) {
                int vmid = containers.get(i * (containers.size() / changed));
                String node = NODES.get((vmid - 1000) % NODES.size());
                platform.updateConfig(node, vmid, Map.of("memory", Integer.toString(512 + 16 * round)));
            }
            pve.clearCalls();
            SyncReport onePercent = proximity.inventory().sync();
            int onePercentCalls = pve.calls().size();
            out.printf(Locale.ROOT, "  %-10s first sync: %6.2f s, %d resources, %d writes, %d HTTP calls (target %d)%n", name,
                    seconds(first), first.seen(), first.writes(), firstCalls, target);
            out.printf(Locale.ROOT, "  %-10s nothing changed (5 syncs): median %.2f s (first %.2f s), %d writes in all (target 0), "
                    + "%d HTTP calls each%n", name, quietSeconds[2], firstQuiet,
                    quietWrites, quietCalls);
            out.printf(Locale.ROOT, "  %-10s 1 %% changed (%d containers): %6.2f s, %d writes, %d updated, %d HTTP calls%n", name,
                    changed, seconds(onePercent), onePercent.writes(),
                    onePercent.count(dev.proximity.api.inventory.ChangeType.UPDATED), onePercentCalls);
            return firstCalls == target && quietCalls == target && onePercentCalls == target && quietWrites == 0
                    && onePercent.count(dev.proximity.api.inventory.ChangeType.UPDATED) == changed;
        }
    }

    private static double seconds(SyncReport report) {
        return report.took().toNanos() / 1e9;
    }
}
