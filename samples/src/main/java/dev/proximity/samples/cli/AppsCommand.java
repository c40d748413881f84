package dev.proximity.samples.cli;

import dev.proximity.api.app.AdoptRequest;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.AppBackups;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSnapshot;
import dev.proximity.api.app.AppSnapshots;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupRequest;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.DiscoveredContainer;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.store.json.JsonCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code proximity apps ...}: manage apps from the command line. */
@Command(name = "apps", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = {"Lists, shows, deploys and manages apps: start, stop, update, clone, move, resize, snapshot, backup, discover,",
                "adopt, delete. Reading commands need only --store; the others also reach",
                "Proxmox through --proxmox FILE or the environment (PROXMOX_URL, PROXMOX_TOKEN_ID, PROXMOX_TOKEN_SECRET,",
                "PROXMOX_FINGERPRINT, PROXIMITY_SSH_USER, PROXIMITY_SSH_KEY, PROXIMITY_SSH_KNOWN_HOSTS; see the README).",
                "Exit status: 0 done, 1 the operation failed, 2 usage or configuration error."},
        subcommands = {CommandLine.HelpCommand.class})
final class AppsCommand {

    static final List<String> BUNDLED_CATALOG = List.of("nginx", "adminer", "wordpress");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, scope = CommandLine.ScopeType.INHERIT, paramLabel = "URL",
            description = "the store, e.g. jdbc:sqlite:data/proximity.db")
    private String store;

    @Option(names = "--proxmox", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Proxmox and SSH settings (properties); the environment is read too")
    private Path proxmoxFile;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "print JSON for scripts instead of tables")
    private boolean json;

    @Command(name = "list", description = "Lists apps, newest first.")
    int list(@Option(names = "--status", paramLabel = "STATUS", description = "only apps in this status") AppStatus status,
             @Option(names = "--node", paramLabel = "NODE", description = "only apps on this node") String node) {
        return withProximity(false, proximity -> {
            AppQuery query = AppQuery.all();
            if (status != null) {
                query = query.withStatuses(status);
            }
            if (node != null) {
                query = query.withNode(node);
            }
            List<App> apps = collect(proximity, query);
            if (json) {
                printJson(apps);
            } else {
                out().printf(Locale.ROOT, "%-28s %-14s %-8s %-6s %-11s %s%n", "ID", "STATUS", "NODE", "VMID", "PORTS", "URL");
                for (App app : apps) {
                    out().printf(Locale.ROOT, "%-28s %-14s %-8s %-6s %-11s %s%n", app.id(), app.status().wireName(),
                            orDash(app.node()), orDash(app.vmid()), app.publicPort() == null ? "-" : app.publicPort() + "/" + app.internalPort(),
                            orDash(app.url()));
                }
                out().println(apps.size() + " app(s) in " + proximity.store().descriptor());
            }
            return 0;
        });
    }

    @Command(name = "show", description = "Shows one app.")
    int show(@Parameters(paramLabel = "APP", description = "the app id") String appId) {
        return withProximity(false, proximity -> {
            App app = proximity.store().read(s -> s.apps().get(appId))
                    .orElseThrow(() -> new dev.proximity.api.error.NotFoundException("app", appId));
            if (json) {
                printJson(app);
            } else {
                out().println("id:        " + app.id());
                out().println("catalog:   " + app.catalogId());
                out().println("hostname:  " + app.hostname());
                out().println("status:    " + app.status().wireName());
                out().println("node:      " + orDash(app.node()) + "  CT " + orDash(app.vmid()));
                out().println("ports:     " + orDash(app.publicPort()) + " public, " + orDash(app.internalPort()) + " internal");
                out().println("url:       " + orDash(app.url()));
                out().println("owner:     " + orDash(app.ownerId()));
                out().println("updated:   " + app.updatedAt());
                out().println("env keys:  " + app.environment().keySet() + " (values not shown)");
            }
            return 0;
        });
    }

    @Command(name = "logs", description = "Prints the log of an app's latest deployment.")
    int logs(@Parameters(paramLabel = "APP", description = "the app id") String appId) {
        return withProximity(false, proximity -> {
            List<DeploymentLogEntry> entries = proximity.store().read(s -> s.deploymentLogs().forApp(appId));
            if (entries.isEmpty()) {
                throw new dev.proximity.api.error.NotFoundException("deployment log of app", appId);
            }
            String latest = entries.get(entries.size() - 1).deploymentId();
            List<DeploymentLogEntry> attempt = entries.stream()
                    .filter(entry -> latest == null || latest.equals(entry.deploymentId())).toList();
            if (json) {
                printJson(attempt);
            } else {
                attempt.forEach(entry -> out().printf(Locale.ROOT, "%s  %-12s %-7s %s%n", entry.timestamp(), entry.step(),
                        entry.level().name().toLowerCase(Locale.ROOT), entry.message()));
            }
            return 0;
        });
    }

    @Command(name = "deploy", description = "Deploys a catalog app and waits until it runs.")
    int deploy(@Parameters(index = "0", paramLabel = "CATALOG_ID", description = "the catalog entry, e.g. nginx") String catalogId,
               @Parameters(index = "1", paramLabel = "HOSTNAME", description = "the app's hostname") String hostname,
               @Option(names = "--node", paramLabel = "NODE", description = "the node (default: the one with the most free memory)")
               String node) {
        return withProximity(true, proximity -> {
            DeployRequest request = DeployRequest.of(catalogId, hostname);
            if (node != null) {
                request = new DeployRequest(catalogId, hostname, null, node, null, null, null, null);
            }
            App app = proximity.apps().deploy(request, entry -> {
                if (!json) {
                    out().printf(Locale.ROOT, "  %-12s %s%n", entry.step(), entry.message());
                    out().flush();
                }
            });
            if (json) {
                printJson(app);
            } else {
                out().println(app.id() + " " + app.status().wireName() + " on " + app.node() + " CT " + app.vmid() + " " + orDash(app.url()));
            }
            return 0;
        });
    }

    @Command(name = "start", description = "Starts an app's container.")
    int start(@Parameters(paramLabel = "APP") String appId) {
        return action(appId, proximity -> proximity.apps().start(appId));
    }

    @Command(name = "stop", description = "Stops an app's container (cleanly; --force stops it at once).")
    int stop(@Parameters(paramLabel = "APP") String appId, @Option(names = "--force") boolean force) {
        return action(appId, proximity -> proximity.apps().stop(appId, force));
    }

    @Command(name = "restart", description = "Restarts an app's container.")
    int restart(@Parameters(paramLabel = "APP") String appId) {
        return action(appId, proximity -> proximity.apps().restart(appId));
    }

    @Command(name = "update", description = "Pulls and restarts an app's stack behind a restore point; rolls back on failure.")
    int update(@Parameters(paramLabel = "APP") String appId) {
        return action(appId, proximity -> proximity.apps().update(appId));
    }

    @Command(name = "clone", description = "Copies an app under a new hostname, with new ports.")
    int cloneApp(@Parameters(index = "0", paramLabel = "APP") String appId,
                 @Parameters(index = "1", paramLabel = "HOSTNAME", description = "the copy's hostname") String hostname) {
        return action(appId, proximity -> proximity.apps().clone(appId, hostname));
    }

    @Command(name = "move", description = "Moves an app's container to another node (restart mode).")
    int move(@Parameters(index = "0", paramLabel = "APP") String appId,
             @Parameters(index = "1", paramLabel = "NODE", description = "the target node") String node) {
        return action(appId, proximity -> proximity.apps().move(appId, node));
    }

    @Command(name = "resize", description = "Changes an app's cores and memory, grows its root disk.")
    int resize(@Parameters(paramLabel = "APP") String appId,
               @Option(names = "--cores", paramLabel = "N") Integer cores,
               @Option(names = "--memory", paramLabel = "MB") Integer memory,
               @Option(names = "--disk", paramLabel = "GB", description = "the root disk's new size (grows only)") Integer disk) {
        return action(appId, proximity -> proximity.apps().resize(appId, new ResizeRequest(cores, memory, disk)));
    }

    @Command(name = "discover", description = "Lists containers no Proximity installation manages.")
    int discover() {
        return withProximity(true, proximity -> {
            List<DiscoveredContainer> found = proximity.apps().discover();
            if (json) {
                printJson(found);
            } else {
                found.forEach(ct -> out().printf(Locale.ROOT, "CT %-6d %-8s %-20s %-8s %s%n", ct.vmid(), ct.node(),
                        orDash(ct.name()), ct.state().name().toLowerCase(Locale.ROOT), String.join(";", ct.tags())));
                out().println(found.size() + " container(s) no installation manages");
            }
            return 0;
        });
    }

    @Command(name = "adopt", description = "Takes an existing container under management as an app.")
    int adopt(@Parameters(index = "0", paramLabel = "VMID") int vmid,
              @Parameters(index = "1", paramLabel = "CATALOG_ID") String catalogId,
              @Option(names = "--hostname", paramLabel = "NAME", description = "default: the container's") String hostname) {
        return withProximity(true, proximity -> {
            App app = proximity.apps().adopt(new AdoptRequest(vmid, catalogId, hostname, null));
            if (json) {
                printJson(app);
            } else {
                out().println(app.id() + " " + app.status().wireName() + " on " + app.node() + " CT " + app.vmid() + " "
                        + orDash(app.url()));
            }
            return 0;
        });
    }

    @Command(name = "snapshot", description = "Snapshots of an app's container: list, create NAME, rollback NAME, delete NAME.")
    int snapshot(@Parameters(index = "0", paramLabel = "ACTION", description = "list, create, rollback or delete") String action,
                 @Parameters(index = "1", paramLabel = "APP") String appId,
                 @Parameters(index = "2", arity = "0..1", paramLabel = "NAME") String name) {
        return withProximity(true, proximity -> {
            AppSnapshots snapshots = proximity.snapshots();
            switch (action) {
                case "list" -> {
                    List<AppSnapshot> all = snapshots.list(appId);
                    if (json) {
                        printJson(all);
                    } else {
                        all.forEach(snap -> out().printf(Locale.ROOT, "%-24s %-22s %s%n", snap.name(), orDash(snap.takenAt()),
                                snap.description()));
                    }
                }
                case "create" -> out().println("took snapshot " + snapshots.create(appId, requireName(name), null).name());
                case "rollback" -> out().println(appId + " " + snapshots.rollback(appId, requireName(name)).status().wireName());
                case "delete" -> {
                    snapshots.delete(appId, requireName(name));
                    out().println("deleted snapshot " + name);
                }
                default -> throw new IllegalArgumentException("unknown snapshot action '" + action
                        + "' (list, create, rollback, delete)");
            }
            return 0;
        });
    }

    @Command(name = "backup", description = {"Backups of an app's container (vzdump): list APP, create APP, delete BACKUP,",
            "restore BACKUP (over the stopped app), restore-as-new BACKUP --hostname NAME."})
    int backup(@Parameters(index = "0", paramLabel = "ACTION", description = "list, create, delete, restore or restore-as-new")
               String action,
               @Parameters(index = "1", paramLabel = "APP|BACKUP") String target,
               @Option(names = "--mode", paramLabel = "MODE", description = "snapshot (default), suspend or stop") BackupMode mode,
               @Option(names = "--compress", paramLabel = "ALGO", description = "zstd (default), gzip, lzo or none")
               BackupCompression compression,
               @Option(names = "--storage", paramLabel = "ID", description = "the storage for the archive (default: local)")
               String storage,
               @Option(names = "--hostname", paramLabel = "NAME", description = "the new app's hostname (restore-as-new)")
               String hostname) {
        return withProximity(true, proximity -> {
            AppBackups backups = proximity.backups();
            switch (action) {
                case "list" -> {
                    List<AppBackup> all = backups.list(target);
                    if (json) {
                        printJson(all);
                    } else {
                        all.forEach(b -> out().printf(Locale.ROOT, "%-26s %-10s %-22s %12d %s%n", b.id(), b.status().wireName(),
                                b.createdAt(), b.sizeBytes(), orDash(b.volume())));
                    }
                }
                case "create" -> {
                    AppBackup taken = backups.create(new BackupRequest(target, mode, compression, storage));
                    if (json) {
                        printJson(taken);
                    } else {
                        out().println("backup " + taken.id() + " " + taken.volume() + " (" + taken.sizeBytes() + " bytes)");
                    }
                }
                case "delete" -> {
                    backups.delete(target);
                    out().println("deleted backup " + target);
                }
                case "restore" -> out().println(backups.restore(target).id() + " restored from " + target + ", stopped");
                case "restore-as-new" -> {
                    if (hostname == null) {
                        throw new IllegalArgumentException("restore-as-new needs --hostname NAME");
                    }
                    App app = backups.restoreAsNew(target, hostname);
                    out().println(app.id() + " " + app.status().wireName() + " on " + app.node() + " CT " + app.vmid() + " "
                            + orDash(app.url()));
                }
                default -> throw new IllegalArgumentException("unknown backup action '" + action
                        + "' (list, create, delete, restore, restore-as-new)");
            }
            return 0;
        });
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a snapshot NAME is required");
        }
        return name;
    }

    @Command(name = "delete", description = "Destroys an app's container, releases its ports and removes its record.")
    int delete(@Parameters(paramLabel = "APP") String appId) {
        return withProximity(true, proximity -> {
            DeleteResult result = proximity.apps().delete(appId);
            if (json) {
                printJson(result);
            } else {
                out().println(appId + " deleted: container " + orDash(result.vmid()) + (result.containerDestroyed() ? " destroyed" : " was gone")
                        + ", " + result.portsReleased() + " port leases released");
            }
            return 0;
        });
    }

    @Command(name = "reconcile", description = "Checks every app against the cluster and settles what a crash left behind.")
    int reconcile() {
        return withProximity(true, proximity -> {
            ReconcileReport report = proximity.apps().reconcile();
            if (json) {
                printJson(report);
            } else {
                report.actions().forEach(action -> out().println("  " + action.kind().name().toLowerCase(Locale.ROOT) + " "
                        + orDash(action.appId()) + " CT " + orDash(action.vmid()) + ": " + action.detail()));
                report.unreachableNodes().forEach(node -> out().println("  node " + node + " did not answer; its apps were left as they are"));
                out().println(report.appsChecked() + " app(s) checked against " + report.containersSeen() + " container(s), "
                        + report.actions().size() + " change(s)");
            }
            return 0;
        });
    }

    private int action(String appId, Function<Proximity, App> work) {
        return withProximity(true, proximity -> {
            App app = work.apply(proximity);
            if (json) {
                printJson(app);
            } else {
                out().println(app.id() + " " + app.status().wireName());
            }
            return 0;
        });
    }

    private static List<App> collect(Proximity proximity, AppQuery query) {
        return proximity.store().read(s -> {
            List<App> all = new java.util.ArrayList<>();
            for (int page = 0; ; page++) {
                Page<App> found = s.apps().find(query.withPage(page, 500));
                all.addAll(found.items());
                if (found.items().size() < 500) {
                    return all;
                }
            }
        });
    }

    /** Opens Proximity on the store; with Proxmox when the command acts on containers. */
    private int withProximity(boolean needsProxmox, Function<Proximity, Integer> work) {
        if (!needsProxmox) {
            try (Proximity proximity = Proximity.builder().store(store).build()) {
                return work.apply(proximity);
            }
        }
        ProxmoxSettings settings = ProxmoxSettings.load(proxmoxFile);
        try (ProxmoxContainerPlatform platform = settings.platform();
             PctExecGuestExec guest = settings.guestExec();
             Proximity proximity = Proximity.builder().store(store).platform(platform).guestExec(guest)
                     .catalog(catalog(settings)).build()) {
            return work.apply(proximity);
        }
    }

    private static Catalog catalog(ProxmoxSettings settings) {
        return settings.catalogDirectory().map(JsonCatalog::load).orElseGet(AppsCommand::bundledCatalog);
    }

    /** The catalog entries shipped in the jar, written to a directory as JsonCatalog reads them. */
    static JsonCatalog bundledCatalog() {
        try {
            Path directory = Files.createTempDirectory("proximity-catalog");
            directory.toFile().deleteOnExit();
            for (String entry : BUNDLED_CATALOG) {
                Path file = directory.resolve(entry + ".json");
                try (InputStream in = AppsCommand.class.getResourceAsStream("/catalog/" + entry + ".json")) {
                    Files.copy(in, file);
                }
                file.toFile().deleteOnExit();
            }
            return JsonCatalog.load(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled catalog", e);
        }
    }

    private void printJson(Object value) {
        JsonOutput.print(out(), value);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String orDash(Object value) {
        return JsonOutput.orDash(value);
    }
}
