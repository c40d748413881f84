package dev.proximity.samples.guide;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeleteResult;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.GuestExec;
import dev.proximity.core.Proximity;

import java.io.PrintStream;

/**
 * Embedding Proximity in a plain Java program: one {@link Proximity} built from a store URL and the
 * three ports (Proxmox, guest exec, catalog), then apps deployed and managed through
 * {@link AppService}. The same code runs on every store; only the URL changes.
 */
public final class EmbeddingSample {

    private EmbeddingSample() {
    }

    /**
     * @param storeUrl {@code json:...}, {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}
     * @param platform Proxmox
     * @param guest commands inside containers
     * @param catalog the catalog
     * @param out where the program reports
     * @return the apps left running
     */
    public static long run(String storeUrl, ContainerPlatform platform, GuestExec guest, Catalog catalog, PrintStream out) {
        try (Proximity proximity = Proximity.builder()
                .store(storeUrl)
                .platform(platform)
                .guestExec(guest)
                .catalog(catalog)
                .publicPorts("8100-8199")
                .internalPorts("9100-9199")
                .build()) {
            AppService apps = proximity.apps();

            App blog = apps.deploy(DeployRequest.of("wordpress", "blog"), step -> out.println("  blog: " + step.step()));
            App web = apps.deploy(DeployRequest.of("nginx", "web"));
            out.println(blog.id() + " at " + blog.url() + ", " + web.id() + " at " + web.url());

            apps.stop(web.id());
            apps.start(web.id());
            DeleteResult removed = apps.delete(blog.id());
            out.println("removed " + removed.appId() + ": " + removed.portsReleased() + " port leases released");

            long running = apps.find(AppQuery.all().withStatuses(AppStatus.RUNNING)).total();
            out.println(running + " app(s) running on " + proximity.store().descriptor());
            return running;
        }
    }
}
