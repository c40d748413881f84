package dev.proximity.samples.cli;

import dev.proximity.api.app.Page;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.DriftReport;
import dev.proximity.api.inventory.HistoryQuery;
import dev.proximity.api.inventory.InventoryQuery;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.inventory.SyncReport;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/** {@code proximity inventory ...}: the cluster inventory from the command line. */
@Command(name = "inventory", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = {"Syncs the cluster inventory (nodes, guests, storage, tasks) into the store and queries it.",
                "sync and drift reach Proxmox through --proxmox FILE or the environment (see the README); list and",
                "history read only the store. Exit status: 0 done, 1 the operation failed (drift: not in sync),",
                "2 usage or configuration error."},
        subcommands = {CommandLine.HelpCommand.class})
final class InventoryCommand {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, scope = CommandLine.ScopeType.INHERIT, paramLabel = "URL",
            description = "the store, e.g. jdbc:sqlite:data/proximity.db")
    private String store;

    @Option(names = "--proxmox", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Proxmox settings (properties); the environment is read too")
    private Path proxmoxFile;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "print JSON for scripts instead of tables")
    private boolean json;

    @Command(name = "sync", description = "Reads the cluster once and records what changed since the last sync.")
    int sync() {
        return withCluster(proximity -> {
            SyncReport report = proximity.inventory().sync();
            if (json) {
                JsonOutput.print(out(), report);
            } else {
                out().printf(Locale.ROOT, "%d resource(s) seen; %d discovered, %d created, %d updated, %d deleted; "
                                + "%d counter refresh(es); %d record(s) written, %d pruned, in %d ms%n", report.seen(),
                        report.count(ChangeType.DISCOVERED), report.count(ChangeType.CREATED), report.count(ChangeType.UPDATED),
                        report.count(ChangeType.DELETED), report.metricsRefreshed(), report.writes(), report.pruned(),
                        report.took().toMillis());
                report.staleNodes().forEach(node -> out().println("  node " + node
                        + " did not answer: its resources keep their last known state, marked stale"));
            }
            return 0;
        });
    }

    @Command(name = "list", description = "Lists the inventory as of the last sync, ordered by id.")
    int list(@Option(names = "--type", paramLabel = "TYPE", description = "node, lxc, qemu, storage or task") String type,
             @Option(names = "--node", paramLabel = "NODE") String node,
             @Option(names = "--status", paramLabel = "STATUS") String status,
             @Option(names = "--tag", paramLabel = "TAG") String tag,
             @Option(names = "--page", defaultValue = "0") int page,
             @Option(names = "--size", defaultValue = "100") int size) {
        InventoryQuery query = InventoryQuery.all().onNode(node).withStatus(status).taggedWith(tag).page(page, size);
        if (type != null) {
            query = query.ofType(ResourceType.parse(type));
        }
        InventoryQuery chosen = query;
        return withStore(proximity -> {
            Page<InventoryResource> found = proximity.store().read(s -> s.inventory().find(chosen));
            if (json) {
                JsonOutput.print(out(), found);
            } else {
                out().printf(Locale.ROOT, "%-28s %-8s %-8s %-18s %-10s %-6s %s%n", "ID", "TYPE", "NODE", "NAME", "STATUS", "STALE",
                        "TAGS");
                for (InventoryResource resource : found.items()) {
                    out().printf(Locale.ROOT, "%-28s %-8s %-8s %-18s %-10s %-6s %s%n", resource.id(), resource.type().wireName(),
                            resource.node(), JsonOutput.orDash(resource.observed().name()),
                            JsonOutput.orDash(resource.observed().status()), resource.stale() ? "yes" : "-",
                            String.join(";", resource.observed().tags()));
                }
                out().println("page " + found.page() + " of " + Math.max(1, found.totalPages()) + ", " + found.total()
                        + " resource(s) match");
            }
            return 0;
        });
    }

    @Command(name = "history", description = "Lists state snapshots, oldest first.")
    int history(@Parameters(arity = "0..1", paramLabel = "ID", description = "one resource, e.g. lxc/101") String id,
                @Option(names = "--since", paramLabel = "DURATION", description = "only the last ... e.g. PT24H or P7D")
                Duration since,
                @Option(names = "--change", paramLabel = "CHANGE", description = "discovered, created, updated or deleted")
                ChangeType change,
                @Option(names = "--page", defaultValue = "0") int page,
                @Option(names = "--size", defaultValue = "100") int size) {
        HistoryQuery query = HistoryQuery.all().of(id).between(since == null ? null : Instant.now().minus(since), null)
                .page(page, size);
        if (change != null) {
            query = query.ofChange(change);
        }
        HistoryQuery chosen = query;
        return withStore(proximity -> {
            Page<StateChange> found = proximity.store().read(s -> s.inventory().history(chosen));
            if (json) {
                JsonOutput.print(out(), found);
            } else {
                for (StateChange snapshot : found.items()) {
                    out().printf(Locale.ROOT, "%s  %-10s %-28s %s%n", snapshot.at(), snapshot.change().name().toLowerCase(Locale.ROOT),
                            snapshot.resourceId(), JsonOutput.orDash(snapshot.resource().observed().status()));
                }
                out().println(found.total() + " snapshot(s) match");
            }
            return 0;
        });
    }

    @Command(name = "drift", description = "Syncs, then compares the apps' records with the cluster.")
    int drift() {
        return withCluster(proximity -> {
            proximity.inventory().sync();
            DriftReport report = proximity.inventory().drift();
            if (json) {
                JsonOutput.print(out(), report);
            } else {
                report.missing().forEach(m -> out().println("  missing     " + m.appId() + ": CT " + m.vmid() + " on " + m.node()
                        + " does not exist"));
                report.drifted().forEach(d -> out().println("  drifted     " + d.appId() + " CT " + d.vmid() + " " + d.field()
                        + ": record says " + d.expected() + ", cluster has " + d.actual()));
                report.unexplained().forEach(u -> out().println("  unexplained CT " + u.vmid() + " (" + u.name() + ") on " + u.node()
                        + " carries Proximity's tags; no app record explains it"));
                report.staleNodes().forEach(node -> out().println("  node " + node + " did not answer; its apps are not judged"));
                out().println(report.inSync() ? "in sync" : "not in sync");
            }
            return report.inSync() ? 0 : 1;
        });
    }

    @Command(name = "prune", description = "Removes snapshots and finished tasks older than the retention (default 90 days).")
    int prune(@Option(names = "--retention", paramLabel = "DURATION", description = "e.g. P30D") Duration retention) {
        return withCluster(proximity -> {
            int removed = proximity.inventory().prune();
            out().println(removed + " record(s) removed");
            return 0;
        }, retention);
    }

    private int withStore(Function<Proximity, Integer> work) {
        try (Proximity proximity = Proximity.builder().store(store).build()) {
            return work.apply(proximity);
        }
    }

    private int withCluster(Function<Proximity, Integer> work) {
        return withCluster(work, null);
    }

    private int withCluster(Function<Proximity, Integer> work, Duration retention) {
        ProxmoxSettings settings = ProxmoxSettings.load(proxmoxFile);
        try (ProxmoxContainerPlatform platform = settings.platform()) {
            Proximity.Builder builder = Proximity.builder().store(store).cluster(platform);
            if (retention != null) {
                builder.inventoryRetention(retention);
            }
            try (Proximity proximity = builder.build()) {
                return work.apply(proximity);
            }
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
