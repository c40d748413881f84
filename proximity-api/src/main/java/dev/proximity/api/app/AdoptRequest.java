package dev.proximity.api.app;

import dev.proximity.api.Validation;

/**
 * Takes an existing container under management as an app.
 *
 * @param vmid the container
 * @param catalogId the catalog entry the container runs
 * @param hostname the app's hostname, or null for the container's own
 * @param ownerId the app's owner, or null
 */
public record AdoptRequest(int vmid, String catalogId, String hostname, String ownerId) {

    /** Validates. */
    public AdoptRequest {
        Validation.inRange(vmid, 100, 999_999_999, "vmid");
        Validation.requiredText(catalogId, "catalogId");
        hostname = hostname == null ? null : Hostnames.normalize(hostname);
    }

    /**
     * @param vmid the container
     * @param catalogId the catalog entry it runs
     * @return a request that keeps the container's hostname
     */
    public static AdoptRequest of(int vmid, String catalogId) {
        return new AdoptRequest(vmid, catalogId, null, null);
    }
}
