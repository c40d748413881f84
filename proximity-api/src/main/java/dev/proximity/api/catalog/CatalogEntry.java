package dev.proximity.api.catalog;

import dev.proximity.api.Validation;

import java.util.List;
import java.util.Map;

/**
 * A deployable app: a Docker Compose stack and its resource needs.
 *
 * @param id the catalog id, e.g. {@code nginx}
 * @param name display name
 * @param version the app version, e.g. {@code latest}
 * @param description what the app is
 * @param category a grouping, e.g. {@code Web Server}
 * @param dockerCompose the compose document
 * @param minMemoryMb the least memory the container needs, in MB (positive)
 * @param minCpu the least number of cores (positive)
 * @param ports the container ports the app exposes
 * @param volumes named volumes
 * @param environment default environment
 * @param icon an icon name or url, or null
 * @param tags free-form tags
 */
public record CatalogEntry(
        String id,
        String name,
        String version,
        String description,
        String category,
        Map<String, Object> dockerCompose,
        int minMemoryMb,
        int minCpu,
        List<Integer> ports,
        List<String> volumes,
        Map<String, String> environment,
        String icon,
        List<String> tags) {

    /** Validates the entry and copies its collections. */
    public CatalogEntry {
        Validation.errors()
                .check(id == null || id.isBlank(), "id", id, "must not be blank")
                .check(name == null || name.isBlank(), "name", name, "must not be blank")
                .check(dockerCompose == null || dockerCompose.isEmpty(), "docker_compose", null, "must be a non-empty document")
                .check(minMemoryMb < 1, "min_memory", minMemoryMb, "must be positive (MB)")
                .check(minCpu < 1, "min_cpu", minCpu, "must be positive")
                .throwIfAny("catalog entry '" + id + "'");
        dockerCompose = Validation.copyOf(dockerCompose);
        ports = Validation.copyOf(ports);
        volumes = Validation.copyOf(volumes);
        environment = Validation.copyOf(environment);
        tags = Validation.copyOf(tags);
    }
}
