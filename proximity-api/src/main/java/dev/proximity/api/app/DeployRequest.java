package dev.proximity.api.app;

import dev.proximity.api.Validation;

import java.util.Map;

/**
 * What a user asks for when deploying a catalog app.
 *
 * @param catalogId the catalog entry to deploy
 * @param hostname the container hostname (strict rules, see {@link Hostnames#normalize}); lower-cased
 * @param ownerId the owning user, or null
 * @param node the Proxmox node to use, or null to pick the online node with the most free memory
 * @param publicPort a specific public port, or null for the lowest free one
 * @param internalPort a specific internal port, or null for the lowest free one
 * @param config overrides of the catalog's settings (e.g. {@code memory}, {@code cores})
 * @param environment environment variables added to the catalog's
 */
public record DeployRequest(
        String catalogId,
        String hostname,
        String ownerId,
        String node,
        Integer publicPort,
        Integer internalPort,
        Map<String, Object> config,
        Map<String, String> environment) {

    /** Validates the request; hostname is normalized to lower case. */
    public DeployRequest {
        Validation.requiredText(catalogId, "catalogId");
        hostname = Hostnames.normalize(hostname);
        Validation.errors()
                .check(publicPort != null && (publicPort < 1 || publicPort > 65535), "publicPort", publicPort, "must be between 1 and 65535")
                .check(internalPort != null && (internalPort < 1 || internalPort > 65535), "internalPort", internalPort, "must be between 1 and 65535")
                .check(node != null && node.isBlank(), "node", node, "must not be blank when given")
                .throwIfAny("deploy request");
        config = Validation.copyOf(config);
        environment = Validation.copyOf(environment);
    }

    /**
     * The simplest request: a catalog app under a hostname, everything else chosen for you.
     *
     * @param catalogId the catalog entry
     * @param hostname the hostname
     * @return the request
     */
    public static DeployRequest of(String catalogId, String hostname) {
        return new DeployRequest(catalogId, hostname, null, null, null, null, Map.of(), Map.of());
    }

    /**
     * @return the id the deployed app will have
     */
    public String appId() {
        return App.idFor(catalogId, hostname);
    }
}
