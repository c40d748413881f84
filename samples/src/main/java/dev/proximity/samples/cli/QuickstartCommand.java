package dev.proximity.samples.cli;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.ReconcileReport;
import dev.proximity.api.platform.Secret;
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
import dev.proximity.store.json.JsonCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.VerifyReport;
import dev.proximity.core.StoreMigration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code proximity quickstart}: a tour that runs on any machine. It starts a simulated Proxmox node
 * (HTTPS API and SSH), opens a store, and drives the library as an application would: two catalog
 * apps deployed through {@link AppService}, their ports, urls and logs shown, one stopped and deleted,
 * then a reconcile pass.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Deploy catalog apps onto a simulated Proxmox node through AppService, end to end, and show what happened.",
                "Nothing outside this process is touched; the store defaults to a fresh SQLite file."})
public final class QuickstartCommand implements Callable<Integer> {

    private static final String TOKEN_ID = "root@pam!quickstart";
    private static final List<String> CATALOG = List.of("nginx", "adminer", "wordpress");

    @Option(names = "--store", paramLabel = "URL",
            description = "store URL: json:PATH, jdbc:sqlite:PATH or jdbc:postgresql://... (default: a new SQLite file)")
    private String storeUrl;

    @Option(names = "--proxmox", paramLabel = "FILE",
            description = "tour a real Proxmox instead of the simulator: its settings (see the README); PROXMOX_URL and the"
                    + " other variables in the environment do the same")
    private Path proxmoxFile;

    @Option(names = "--hostname", defaultValue = "hello-web", description = "hostname of the first app (default: ${DEFAULT-VALUE})")
    private String hostname;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Secret tokenSecret = Secret.of(UUID.randomUUID().toString());
        Secret sshPassword = Secret.of(UUID.randomUUID().toString());
        Path work = Files.createTempDirectory("proximity-quickstart");
        String url = storeUrl != null ? storeUrl : "jdbc:sqlite:" + work.resolve("proximity.db");

        ProxmoxSettings real = ProxmoxSettings.load(proxmoxFile);
        if (real.configured()) {
            try (ProxmoxContainerPlatform platform = real.platform();
                 PctExecGuestExec guest = real.guestExec();
                 Proximity proximity = Proximity.builder().store(url).platform(platform).guestExec(guest)
                         .catalog(real.catalogDirectory().map(JsonCatalog::load).orElseGet(AppsCommand::bundledCatalog)).build()) {
                out.println("Proxmox:             " + real.describe());
                return tour(proximity, work);
            }
        }
        try (ProxmoxSimulator pve = ProxmoxSimulator.builder().node("pve", 64, 16).apiToken(TOKEN_ID, tokenSecret.value())
                     .taskDuration(Duration.ofMillis(300)).authFailureDelay(Duration.ZERO).start();
             SimulatedNodeSshServer pveSsh = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve))
                     .password("root", sshPassword).start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                     .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, tokenSecret))
                     .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                     .build());
             PctExecGuestExec guest = PctExecGuestExec.builder(SshCredentials.password("root", sshPassword))
                     .hostKeys(HostKeyPolicy.pinnedFingerprint(pveSsh.hostKeyFingerprint()))
                     .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(pveSsh.host(), pveSsh.port()))))
                     .build();
             Proximity proximity = Proximity.builder().store(url).platform(platform).guestExec(guest)
                     .catalog(bundledCatalog(work)).build()) {
            out.println("Proxmox (simulated): " + pve.url() + "  certificate " + pve.fingerprint());
            return tour(proximity, work);
        }
    }

    private int tour(Proximity proximity, Path work) throws IOException {
        {
            out.println("store:               " + proximity.store().descriptor());
            out.println("installation:        " + proximity.installationId());
            AppService apps = proximity.apps();

            App web = deploy(apps, DeployRequest.of("nginx", hostname));
            App dba = deploy(apps, DeployRequest.of("adminer", "hello-dba"));

            out.println();
            for (App app : List.of(web, dba)) {
                out.printf("%-20s %-8s CT %d on %s  ports %d/%d  %s%n", app.id(), app.status().wireName(), app.vmid(), app.node(),
                        app.publicPort(), app.internalPort(), app.url());
            }
            out.println();
            out.println("log of " + dba.id() + ":");
            for (DeploymentLogEntry entry : apps.logs(dba.id())) {
                out.printf("  %-12s %-7s %s%n", entry.step(), entry.level().name().toLowerCase(java.util.Locale.ROOT), entry.message());
            }

            out.println();
            out.println("stop " + dba.id() + ": " + apps.stop(dba.id()).status().wireName());
            DeleteResult deleted = apps.delete(dba.id());
            out.println("delete " + dba.id() + ": container " + deleted.vmid() + (deleted.containerDestroyed() ? " destroyed" : " was gone")
                    + ", " + deleted.portsReleased() + " port leases released");
            ReconcileReport report = apps.reconcile();
            out.println("reconcile: " + report.appsChecked() + " app(s) checked against " + report.containersSeen()
                    + " container(s), " + report.actions().size() + " change(s)");
            proximity.ports().usage().forEach(u -> out.println("ports " + u.kind().label() + " " + u.rangeText()
                    + ": " + u.used() + " used, " + u.available() + " free"));
            migrateLegacyFile(work);
            return 0;
        }
    }

    private App deploy(AppService apps, DeployRequest request) {
        out.println();
        out.println("deploying " + request.catalogId() + " as " + request.hostname() + ":");
        return apps.deploy(request, entry -> out.printf("  %-12s %s%n", entry.step(), entry.message()));
    }

    /** A legacy apps.json (the original system's state) copied into a fresh SQLite database, then verified. */
    private void migrateLegacyFile(Path work) throws IOException {
        Path legacy = work.resolve("apps.json");
        try (InputStream json = QuickstartCommand.class.getResourceAsStream("/legacy/apps-small.json")) {
            Files.copy(json, legacy);
        }
        String target = "jdbc:sqlite:" + work.resolve("migrated.db");
        out.println();
        out.println("migrate " + legacy + " -> " + target + ":");
        try (StoreMigration migration = StoreMigration.between("json:" + legacy, target)) {
            MigrationRun run = migration.await(migration.start(MigrationRequest.defaults().withDefaultOwner("admin")).id()).run();
            out.println("  " + run.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + run.counts().created() + " created, "
                    + run.counts().updated() + " updated, " + run.counts().skipped() + " skipped, " + run.counts().errors() + " errors");
            VerifyReport check = migration.verify();
            out.println("  verify: " + check.compared() + " records compared, " + (check.isConsistent() ? "identical" : "different: "
                    + check.missingInTarget() + check.missingInSource() + check.different()));
        }
    }

    /** The catalog entries bundled in the jar, written to a directory as JsonCatalog reads them. */
    private static JsonCatalog bundledCatalog(Path work) throws IOException {
        Path directory = Files.createDirectories(work.resolve("catalog"));
        for (String entry : CATALOG) {
            try (InputStream json = QuickstartCommand.class.getResourceAsStream("/catalog/" + entry + ".json")) {
                Files.copy(json, directory.resolve(entry + ".json"));
            }
        }
        return JsonCatalog.load(directory);
    }
}
