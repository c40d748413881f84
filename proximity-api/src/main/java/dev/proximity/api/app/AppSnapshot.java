package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.time.Instant;

/**
 * A snapshot of an app's container: a restore point on the container's storage.
 *
 * @param appId the app
 * @param name the snapshot's name
 * @param description its description (may be empty)
 * @param takenAt when it was taken, or null when Proxmox does not say
 * @param parent the snapshot it was taken after, or null for the first
 */
public record AppSnapshot(String appId, String name, String description, Instant takenAt, String parent) {

    /** Validates. */
    public AppSnapshot {
        Validation.requiredText(appId, "appId");
        Validation.requiredText(name, "name");
        description = description == null ? "" : description;
    }
}
