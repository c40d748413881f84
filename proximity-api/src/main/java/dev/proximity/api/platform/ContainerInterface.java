package dev.proximity.api.platform;

/**
 * A network interface inside a running container.
 *
 * @param name interface name, e.g. {@code eth0}
 * @param hwaddr MAC address
 * @param inet IPv4 address with prefix, e.g. {@code 192.168.1.50/24}, or null
 * @param inet6 IPv6 address with prefix, or null
 */
public record ContainerInterface(String name, String hwaddr, String inet, String inet6) {

    /** @return the IPv4 address without prefix, or null */
    public String ipv4Address() {
        return inet == null ? null : inet.split("/", 2)[0];
    }
}
