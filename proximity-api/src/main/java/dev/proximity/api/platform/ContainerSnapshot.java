package dev.proximity.api.platform;

import dev.proximity.api.Validation;

import java.time.Instant;

/**
 * A snapshot of a container, as Proxmox lists it (without the {@code current} pseudo-entry).
 *
 * @param name its name
 * @param description its description (may be empty)
 * @param takenAt when it was taken, or null when Proxmox does not say
 * @param parent the snapshot it was taken after, or null for the first
 */
public record ContainerSnapshot(String name, String description, Instant takenAt, String parent) {

    /** Validates. */
    public ContainerSnapshot {
        Validation.requiredText(name, "name");
        description = description == null ? "" : description;
    }
}
