package dev.proximity.api.inventory;

import java.util.Locale;

/** The kinds of cluster resource the inventory keeps. */
public enum ResourceType {
    /** A cluster node; id {@code node/NAME}. */
    NODE,
    /** An LXC container; id {@code lxc/VMID}. */
    LXC,
    /** A QEMU virtual machine; id {@code qemu/VMID}. */
    QEMU,
    /** A storage as one node sees it; id {@code storage/NODE/NAME}. */
    STORAGE,
    /** A worker task of a node; id {@code task/UPID}. */
    TASK;

    /** @return the name Proxmox uses in {@code type} fields ({@code lxc}, {@code qemu}...) */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a type as Proxmox or a user writes it, in any case
     * @return the type
     * @throws IllegalArgumentException naming the accepted values when the text is none of them
     */
    public static ResourceType parse(String text) {
        for (ResourceType type : values()) {
            if (type.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown resource type '" + text + "' (node, lxc, qemu, storage, task)");
    }
}
