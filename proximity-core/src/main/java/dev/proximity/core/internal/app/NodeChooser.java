package dev.proximity.core.internal.app;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Chooses the node of a new container: the one asked for, or the online node with the most free memory. */
final class NodeChooser {

    private final ContainerPlatform platform;

    NodeChooser(ContainerPlatform platform) {
        this.platform = platform;
    }

    /**
     * @param requested the node asked for, or null
     * @return the node
     * @throws InvalidRequestException when the requested node is unknown or not online
     * @throws PlatformException when no node is online
     */
    NodeInfo choose(String requested) {
        List<NodeInfo> nodes = platform.nodes();
        if (requested != null) {
            NodeInfo node = nodes.stream().filter(candidate -> candidate.name().equals(requested)).findFirst()
                    .orElseThrow(() -> InvalidRequestException.of("node", requested, "is not a node of the cluster; its nodes are "
                            + nodes.stream().map(NodeInfo::name).collect(Collectors.joining(", "))));
            if (node.status() != NodeStatus.ONLINE) {
                throw InvalidRequestException.of("node", requested, "is " + node.status().name().toLowerCase(Locale.ROOT)
                        + ", not online");
            }
            return node;
        }
        return nodes.stream().filter(node -> node.status() == NodeStatus.ONLINE)
                .max(Comparator.comparingLong(NodeInfo::memFree).thenComparing(NodeInfo::name, Comparator.reverseOrder()))
                .orElseThrow(() -> new PlatformException("GET /nodes", "no node is online ("
                        + nodes.stream().map(node -> node.name() + " " + node.status().name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + ")", null));
    }
}
