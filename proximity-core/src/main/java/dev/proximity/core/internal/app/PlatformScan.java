package dev.proximity.core.internal.app;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.NodeInfo;
import dev.proximity.api.platform.NodeStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One container list per online node: the scan when no inventory is configured. */
final class PlatformScan implements ContainerScan {

    private final ContainerPlatform platform;

    PlatformScan(ContainerPlatform platform) {
        this.platform = platform;
    }

    @Override
    public Result scan() {
        Map<Integer, ContainerInfo> containers = new HashMap<>();
        Set<String> unreachable = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (NodeInfo node : platform.nodes()) {
            if (node.status() != NodeStatus.ONLINE) {
                unreachable.add(node.name());
                continue;
            }
            try {
                platform.containers(node.name()).forEach(ct -> containers.put(ct.vmid(), ct));
            } catch (PlatformException e) {
                unreachable.add(node.name());
                failures.add("node " + node.name() + " did not list its containers: " + Journal.describe(e));
            }
        }
        return new Result(containers, unreachable, failures);
    }
}
