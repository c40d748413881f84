package dev.proximity.core.internal.app;

import dev.proximity.api.app.DeploymentListener;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.GuestExec;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.core.internal.port.LeasingPortManager;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What the app use cases share: the ports they speak through, the settings, and the helpers built
 * from them once.
 */
final class AppContext {

    /** How long an ending operation waits for its log entries to be stored. */
    private static final java.time.Duration LOG_FLUSH_WAIT = java.time.Duration.ofSeconds(30);

    final ProximityStore store;
    final ContainerPlatform platform;
    final GuestExec guest;
    final Catalog catalog;
    final LeasingPortManager ports;
    final Clock clock;
    final AppSettings settings;
    final InstallationMarker marker;
    final List<DeploymentListener> listeners;
    final Operations operations;
    final AppLocks locks;
    final ContainerCleanup cleanup;
    final StackProvisioner provisioner;
    final NodeChooser nodes;
    final AppRecords records;
    final JournalWriter journalWriter;

    AppContext(ProximityStore store, ContainerPlatform platform, GuestExec guest, Catalog catalog, LeasingPortManager ports,
               Clock clock, AppSettings settings, String installationId, List<DeploymentListener> listeners) {
        this.store = Objects.requireNonNull(store, "store");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.guest = Objects.requireNonNull(guest, "guestExec");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.marker = new InstallationMarker(installationId);
        this.listeners = List.copyOf(listeners);
        this.locks = new AppLocks(store, settings.lockWait());
        this.cleanup = new ContainerCleanup(platform, marker, settings.lockWait(), settings.pollInterval());
        this.provisioner = new StackProvisioner(guest, settings);
        this.nodes = new NodeChooser(platform);
        this.records = new AppRecords(store, clock);
        this.journalWriter = new JournalWriter(store);
        this.operations = new Operations(() -> journalWriter.flush(LOG_FLUSH_WAIT));
    }

    /**
     * @param appId the app
     * @param deploymentId the attempt its entries belong to
     * @param listener a per-call listener, besides the instance's
     * @return a journal that stores each entry at once
     */
    Journal journal(String appId, String deploymentId, DeploymentListener listener) {
        return Journal.stored(journalWriter, clock, appId, deploymentId, withListener(listener), operations::cancelled);
    }

    List<DeploymentListener> withListener(DeploymentListener listener) {
        if (listener == null || listener == DeploymentListener.NONE) {
            return listeners;
        }
        List<DeploymentListener> all = new java.util.ArrayList<>(listeners);
        all.add(listener);
        return all;
    }
}
