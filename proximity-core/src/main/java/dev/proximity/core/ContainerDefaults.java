package dev.proximity.core;

import dev.proximity.api.Validation;

/**
 * How Proximity creates the LXC container of a new app. Resources (cores, memory) come from the
 * catalog entry and the deploy request; everything else comes from here.
 *
 * @param osTemplate the template volume, e.g. {@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst};
 *                   Debian, Ubuntu and Alpine templates are supported (Docker is installed with apt or apk)
 * @param storage the storage of the root disk, e.g. {@code local-lvm}
 * @param diskGb the root disk size, GiB
 * @param bridge the bridge of {@code eth0}, e.g. {@code vmbr0}; the address comes from DHCP
 * @param unprivileged whether containers are unprivileged (Docker runs in them with nesting on)
 * @param swapMb swap, MB
 */
public record ContainerDefaults(String osTemplate, String storage, int diskGb, String bridge, boolean unprivileged,
                                int swapMb) {

    /** The default template: Debian 12 standard. */
    public static final String DEBIAN_12 = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    /** Validates every field. */
    public ContainerDefaults {
        Validation.errors()
                .check(osTemplate == null || !osTemplate.matches("[a-zA-Z][a-zA-Z0-9_.-]*:.+"), "osTemplate", osTemplate,
                        "must be a volume id like local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
                .check(storage == null || !storage.matches("[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]"), "storage", storage,
                        "must be a Proxmox storage id like local-lvm")
                .check(diskGb < 1, "diskGb", diskGb, "must be at least 1")
                .check(bridge == null || !bridge.matches("[a-zA-Z][a-zA-Z0-9_.-]*"), "bridge", bridge,
                        "must be a bridge name like vmbr0")
                .check(swapMb < 0, "swapMb", swapMb, "must not be negative")
                .throwIfAny("container defaults");
    }

    /** @return Debian 12 on {@code local-lvm}, 8 GiB, {@code vmbr0} with DHCP, unprivileged, 512 MB swap */
    public static ContainerDefaults defaults() {
        return new ContainerDefaults(DEBIAN_12, "local-lvm", 8, "vmbr0", true, 512);
    }

    /**
     * @param template another template volume
     * @return a copy with that template
     */
    public ContainerDefaults withOsTemplate(String template) {
        return new ContainerDefaults(template, storage, diskGb, bridge, unprivileged, swapMb);
    }

    /**
     * @param storageId another root disk storage
     * @return a copy with that storage
     */
    public ContainerDefaults withStorage(String storageId) {
        return new ContainerDefaults(osTemplate, storageId, diskGb, bridge, unprivileged, swapMb);
    }
}
