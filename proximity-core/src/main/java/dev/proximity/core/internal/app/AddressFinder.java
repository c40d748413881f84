package dev.proximity.core.internal.app;

import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerPlatform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Finds a running container's IPv4 address (its DHCP lease may take a moment) and makes the app's url. */
final class AddressFinder {

    private final ContainerPlatform platform;
    private final Duration timeout;
    private final Duration pollInterval;

    AddressFinder(ContainerPlatform platform, Duration timeout, Duration pollInterval) {
        this.platform = platform;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @param port the app's port, or null when it publishes none
     * @return {@code http://ADDRESS:PORT}, or null without a port
     * @throws PlatformTimeoutException when no address appeared in time
     */
    String url(String node, int vmid, Integer port) {
        String address = await(node, vmid);
        return port == null ? null : "http://" + address + ":" + port;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return its address right now, if it has one (one call)
     */
    Optional<String> current(String node, int vmid) {
        return platform.interfaces(node, vmid).flatMap(AddressFinder::ipv4);
    }

    private String await(String node, int vmid) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> address = current(node, vmid);
            if (address.isPresent()) {
                return address.get();
            }
            if (System.nanoTime() >= deadline) {
                throw new PlatformTimeoutException("waiting for an IPv4 address of CT " + vmid + " on node '" + node + "'",
                        timeout);
            }
            Pause.sleep(pollInterval, "waiting for the address of CT " + vmid);
        }
    }

    private static Optional<String> ipv4(List<ContainerInterface> interfaces) {
        return interfaces.stream().filter(nic -> !"lo".equals(nic.name())).map(ContainerInterface::ipv4Address)
                .filter(address -> address != null && !address.isBlank() && !address.startsWith("127."))
                .findFirst();
    }
}
