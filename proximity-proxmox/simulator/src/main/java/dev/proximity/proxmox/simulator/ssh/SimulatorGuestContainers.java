package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.proxmox.simulator.ProxmoxSimulator;

import java.util.Optional;

/**
 * Serves {@code pct exec} from the containers of a running {@link ProxmoxSimulator}, so containers
 * created, started, stopped and deleted through the simulated REST API are exactly the ones the
 * simulated nodes' SSH servers can run commands in.
 *
 * <pre>{@code
 * var node = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(simulator)) ...
 * }</pre>
 */
public final class SimulatorGuestContainers implements GuestContainers {

    private final ProxmoxSimulator simulator;

    private SimulatorGuestContainers(ProxmoxSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * @param simulator the REST simulator holding the containers
     * @return its containers, looked up live on every request
     */
    public static SimulatorGuestContainers of(ProxmoxSimulator simulator) {
        if (simulator == null) {
            throw new IllegalArgumentException("simulator is required");
        }
        return new SimulatorGuestContainers(simulator);
    }

    @Override
    public Optional<GuestContainer> find(int vmid) {
        return simulator.container(vmid)
                .map(container -> new GuestContainer(container.vmid(), container.node(), container.running(),
                        container.hostname(), container.ostype(), container.disk()));
    }
}
