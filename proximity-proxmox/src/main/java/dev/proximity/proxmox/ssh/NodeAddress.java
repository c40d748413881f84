package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;

/**
 * Where a Proxmox node's SSH server listens.
 *
 * @param host a host name or IP address
 * @param port the TCP port, 22 for a standard node
 */
public record NodeAddress(String host, int port) {

    /** The standard SSH port. */
    public static final int SSH_PORT = 22;

    /** Requires a host and a valid port. */
    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw InvalidRequestException.of("host", host, "must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw InvalidRequestException.of("port", port, "must be between 1 and 65535");
        }
    }

    /**
     * @param host a host name or IP address
     * @return the address on port 22
     */
    public static NodeAddress of(String host) {
        return new NodeAddress(host, SSH_PORT);
    }

    /** @return {@code host:port}, with IPv6 literals in brackets */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
