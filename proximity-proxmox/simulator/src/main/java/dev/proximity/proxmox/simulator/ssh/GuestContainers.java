package dev.proximity.proxmox.simulator.ssh;

import java.util.Optional;

/**
 * Where a simulated node looks up containers when it serves {@code pct exec}. Implementations
 * must be safe to call from several SSH sessions at once.
 */
@FunctionalInterface
public interface GuestContainers {

    /**
     * @param vmid the container id
     * @return the container, on whatever node holds it, or empty when no node has it
     */
    Optional<GuestContainer> find(int vmid);
}
