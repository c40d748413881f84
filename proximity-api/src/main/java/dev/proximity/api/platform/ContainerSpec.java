package dev.proximity.api.platform;

import dev.proximity.api.Validation;
import dev.proximity.api.app.Hostnames;

import java.util.List;

/**
 * What to create: every parameter Proxmox's LXC create call takes that Proximity uses.
 *
 * @param vmid the container id: chosen (and recorded) by the caller before the create call
 * @param hostname the container hostname
 * @param osTemplate the template volume, e.g. {@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}
 * @param cores cores
 * @param memoryMb memory, MB
 * @param swapMb swap, MB
 * @param rootfs root disk, e.g. {@code local-lvm:8}
 * @param net0 network, e.g. {@code name=eth0,bridge=vmbr0,ip=dhcp}
 * @param features e.g. {@code nesting=1} (needed for Docker)
 * @param unprivileged whether the container is unprivileged
 * @param password root password (at least 5 characters), or null
 * @param sshPublicKeys authorized keys, or null
 * @param startAfterCreate start once created
 * @param description free text; Proximity writes its marker here
 * @param tags tags; Proximity adds {@code proximity}
 */
public record ContainerSpec(int vmid, String hostname, String osTemplate, int cores, int memoryMb, int swapMb,
                            String rootfs, String net0, String features, boolean unprivileged, Secret password,
                            String sshPublicKeys, boolean startAfterCreate, String description, List<String> tags) {

    /** Validates the spec. */
    public ContainerSpec {
        hostname = Hostnames.normalize(hostname);
        Validation.errors()
                .check(vmid < 100 || vmid > 999_999_999, "vmid", vmid, "must be between 100 and 999999999")
                .check(osTemplate == null || osTemplate.isBlank(), "ostemplate", osTemplate, "is required")
                .check(cores < 1, "cores", cores, "must be positive")
                .check(memoryMb < 16, "memory", memoryMb, "must be at least 16 MB")
                .check(swapMb < 0, "swap", swapMb, "must not be negative")
                .check(password != null && password.value().length() < 5, "password", null, "must be at least 5 characters long")
                .throwIfAny("container spec");
        tags = Validation.copyOf(tags);
    }

    /**
     * @param id the vmid to create
     * @return this spec with that vmid
     */
    public ContainerSpec withVmid(int id) {
        return new ContainerSpec(id, hostname, osTemplate, cores, memoryMb, swapMb, rootfs, net0, features,
                unprivileged, password, sshPublicKeys, startAfterCreate, description, tags);
    }
}
