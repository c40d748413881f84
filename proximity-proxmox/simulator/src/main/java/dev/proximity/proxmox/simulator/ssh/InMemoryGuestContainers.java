package dev.proximity.proxmox.simulator.ssh;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe, mutable set of containers for tests that run the SSH node simulator without
 * the REST simulator.
 */
public final class InMemoryGuestContainers implements GuestContainers {

    private final Map<Integer, GuestContainer> containers = new ConcurrentHashMap<>();

    /**
     * Adds or replaces a container.
     *
     * @param container the container
     * @return this
     */
    public InMemoryGuestContainers put(GuestContainer container) {
        containers.put(container.vmid(), container);
        return this;
    }

    /**
     * Starts or stops a known container.
     *
     * @param vmid the container id
     * @param running the new state
     * @throws IllegalArgumentException when no such container was added
     */
    public void setRunning(int vmid, boolean running) {
        if (containers.computeIfPresent(vmid, (id, container) -> container.withRunning(running)) == null) {
            throw new IllegalArgumentException("no container " + vmid + " was added to this set");
        }
    }

    /**
     * @param vmid the container id
     */
    public void remove(int vmid) {
        containers.remove(vmid);
    }

    @Override
    public Optional<GuestContainer> find(int vmid) {
        return Optional.ofNullable(containers.get(vmid));
    }
}
