package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the SSH address of the Proxmox node that holds a container, so commands go to that node
 * and not to a fixed host.
 */
@FunctionalInterface
public interface NodeAddressResolver {

    /**
     * @param node the Proxmox node name, e.g. {@code pve2}
     * @return its SSH address, or empty when this resolver does not know the node
     */
    Optional<NodeAddress> resolve(String node);

    /**
     * The convention of most clusters: the node name is a resolvable host name, SSH on port 22.
     *
     * @return a resolver using the node name as host, port 22
     */
    static NodeAddressResolver nodeNameAsHost() {
        return nodeNameAsHost(NodeAddress.SSH_PORT);
    }

    /**
     * @param port the SSH port every node listens on
     * @return a resolver using the node name as host
     */
    static NodeAddressResolver nodeNameAsHost(int port) {
        if (port < 1 || port > 65_535) {
            throw InvalidRequestException.of("port", port, "must be between 1 and 65535");
        }
        return node -> Optional.of(new NodeAddress(node, port));
    }

    /**
     * @param addresses node name -> address
     * @return a resolver that knows exactly these nodes
     */
    static NodeAddressResolver of(Map<String, NodeAddress> addresses) {
        Map<String, NodeAddress> copy = Map.copyOf(addresses);
        return node -> Optional.ofNullable(copy.get(node));
    }

    /**
     * @param fallback asked for nodes this resolver does not know
     * @return a resolver trying this one first
     */
    default NodeAddressResolver orElse(NodeAddressResolver fallback) {
        return node -> resolve(node).or(() -> fallback.resolve(node));
    }
}
