package dev.proximity.api.app;

import dev.proximity.api.Validation;
import dev.proximity.api.platform.ContainerState;

import java.util.List;

/**
 * A container on the cluster that no Proximity installation manages: a candidate for
 * {@link AppService#adopt}.
 *
 * @param node its node
 * @param vmid its id
 * @param name its hostname
 * @param state running, stopped...
 * @param tags its tags (a bare {@code proximity} tag marks a container of the original Proximity)
 */
public record DiscoveredContainer(String node, int vmid, String name, ContainerState state, List<String> tags) {

    /** Validates and copies. */
    public DiscoveredContainer {
        Validation.requiredText(node, "node");
        Validation.required(state, "state");
        tags = Validation.copyOf(tags);
    }
}
