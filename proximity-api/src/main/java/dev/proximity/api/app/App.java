package dev.proximity.api.app;

import dev.proximity.api.Validation;
import dev.proximity.api.error.InvalidRequestException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A catalog app deployed (or being deployed) into an LXC container.
 *
 * <p>Timestamps are truncated to milliseconds so that every store round-trips the same value.
 * Collections are unmodifiable copies; {@code config} is a JSON-like document (maps, lists,
 * strings, numbers, booleans, nulls).
 *
 * @param id unique id, conventionally {@code catalogId + "-" + hostname}
 * @param catalogId the catalog entry the app was deployed from
 * @param name display name
 * @param hostname container hostname, unique, lower-cased (see {@link Hostnames})
 * @param status life-cycle status
 * @param url where the app answers, or null until known
 * @param vmid the LXC container id, or null before one was allocated
 * @param node the Proxmox node holding the container, or null before one was chosen
 * @param publicPort the public (host) port, or null
 * @param internalPort the internal port, or null
 * @param config resource and app settings (a JSON document)
 * @param ports container port to host port
 * @param volumes volume specs
 * @param environment environment variables
 * @param ownerId the owning user, or null
 * @param createdAt creation time, or null when unknown (legacy data)
 * @param updatedAt last change, or null when unknown (legacy data)
 * @param stateChangedAt last status change, or null when unknown
 * @param version optimistic-lock version assigned by the store (0 before the first insert)
 */
public record App(
        String id,
        String catalogId,
        String name,
        String hostname,
        AppStatus status,
        String url,
        Integer vmid,
        String node,
        Integer publicPort,
        Integer internalPort,
        Map<String, Object> config,
        Map<Integer, Integer> ports,
        List<String> volumes,
        Map<String, String> environment,
        String ownerId,
        Instant createdAt,
        Instant updatedAt,
        Instant stateChangedAt,
        long version) {

    /** Validates every field and normalizes hostname, timestamps and collections. */
    public App {
        Validation.errors()
                .check(id == null || id.isBlank(), "id", id, "must not be blank")
                .check(catalogId == null || catalogId.isBlank(), "catalogId", catalogId, "must not be blank")
                .check(name == null, "name", null, "is required")
                .check(status == null, "status", null, "is required")
                .check(vmid != null && (vmid < 100 || vmid > 999_999_999), "vmid", vmid, "must be between 100 and 999999999")
                .check(publicPort != null && (publicPort < 1 || publicPort > 65535), "publicPort", publicPort, "must be between 1 and 65535")
                .check(internalPort != null && (internalPort < 1 || internalPort > 65535), "internalPort", internalPort, "must be between 1 and 65535")
                .check(version < 0, "version", version, "must not be negative")
                .throwIfAny("app '" + id + "'");
        hostname = Hostnames.normalizeStored(hostname);
        config = Validation.copyOf(config);
        ports = Validation.copyOf(ports);
        for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
            if (port.getKey() == null || port.getValue() == null || port.getKey() < 1 || port.getKey() > 65535
                    || port.getValue() < 1 || port.getValue() > 65535) {
                throw InvalidRequestException.of("ports", ports, "must map container ports 1-65535 to host ports 1-65535");
            }
        }
        volumes = Validation.copyOf(volumes);
        environment = Validation.copyOf(environment);
        createdAt = millis(createdAt);
        updatedAt = millis(updatedAt);
        stateChangedAt = millis(stateChangedAt);
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The conventional app id.
     *
     * @param catalogId the catalog id
     * @param hostname the hostname
     * @return {@code catalogId + "-" + hostname}
     */
    public static String idFor(String catalogId, String hostname) {
        return catalogId + "-" + hostname;
    }

    /**
     * @return a builder for a new app
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this app's values, to derive a changed copy
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A copy with another status; {@code stateChangedAt} and {@code updatedAt} become {@code at}.
     *
     * @param newStatus the new status
     * @param at when it changed
     * @return the changed copy
     */
    public App withStatus(AppStatus newStatus, Instant at) {
        return toBuilder().status(newStatus).stateChangedAt(at).updatedAt(at).build();
    }

    /**
     * Builds {@link App} values; validation happens in {@link #build()}.
     */
    public static final class Builder {
        private String id;
        private String catalogId;
        private String name;
        private String hostname;
        private AppStatus status;
        private String url;
        private Integer vmid;
        private String node;
        private Integer publicPort;
        private Integer internalPort;
        private Map<String, Object> config = Map.of();
        private Map<Integer, Integer> ports = Map.of();
        private List<String> volumes = List.of();
        private Map<String, String> environment = Map.of();
        private String ownerId;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant stateChangedAt;
        private long version;

        private Builder() {
        }

        private Builder(App app) {
            id = app.id;
            catalogId = app.catalogId;
            name = app.name;
            hostname = app.hostname;
            status = app.status;
            url = app.url;
            vmid = app.vmid;
            node = app.node;
            publicPort = app.publicPort;
            internalPort = app.internalPort;
            config = app.config;
            ports = app.ports;
            volumes = app.volumes;
            environment = app.environment;
            ownerId = app.ownerId;
            createdAt = app.createdAt;
            updatedAt = app.updatedAt;
            stateChangedAt = app.stateChangedAt;
            version = app.version;
        }

        /**
         * @param value the id
         * @return this
         */
        public Builder id(String value) { id = value; return this; }
        /**
         * @param value the catalog id
         * @return this
         */
        public Builder catalogId(String value) { catalogId = value; return this; }
        /**
         * @param value the display name
         * @return this
         */
        public Builder name(String value) { name = value; return this; }
        /**
         * @param value the hostname
         * @return this
         */
        public Builder hostname(String value) { hostname = value; return this; }
        /**
         * @param value the status
         * @return this
         */
        public Builder status(AppStatus value) { status = value; return this; }
        /**
         * @param value the url
         * @return this
         */
        public Builder url(String value) { url = value; return this; }
        /**
         * @param value the vmid
         * @return this
         */
        public Builder vmid(Integer value) { vmid = value; return this; }
        /**
         * @param value the node
         * @return this
         */
        public Builder node(String value) { node = value; return this; }
        /**
         * @param value the public port
         * @return this
         */
        public Builder publicPort(Integer value) { publicPort = value; return this; }
        /**
         * @param value the internal port
         * @return this
         */
        public Builder internalPort(Integer value) { internalPort = value; return this; }
        /**
         * @param value the config document
         * @return this
         */
        public Builder config(Map<String, Object> value) { config = value; return this; }
        /**
         * @param value container port to host port
         * @return this
         */
        public Builder ports(Map<Integer, Integer> value) { ports = value; return this; }
        /**
         * @param value volume specs
         * @return this
         */
        public Builder volumes(List<String> value) { volumes = value; return this; }
        /**
         * @param value environment variables
         * @return this
         */
        public Builder environment(Map<String, String> value) { environment = value; return this; }
        /**
         * @param value the owner id
         * @return this
         */
        public Builder ownerId(String value) { ownerId = value; return this; }
        /**
         * @param value creation time
         * @return this
         */
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        /**
         * @param value last change
         * @return this
         */
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        /**
         * @param value last status change
         * @return this
         */
        public Builder stateChangedAt(Instant value) { stateChangedAt = value; return this; }
        /**
         * @param value optimistic-lock version
         * @return this
         */
        public Builder version(long value) { version = value; return this; }

        /**
         * @return the validated app
         * @throws InvalidRequestException listing every invalid field
         */
        public App build() {
            return new App(id, catalogId, name, hostname, status, url, vmid, node, publicPort, internalPort,
                    config, ports, volumes, environment, ownerId, createdAt, updatedAt, stateChangedAt, version);
        }
    }
}
