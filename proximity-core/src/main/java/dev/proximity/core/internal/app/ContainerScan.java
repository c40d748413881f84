package dev.proximity.core.internal.app;

import dev.proximity.api.platform.ContainerInfo;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a reconcile pass learns which containers the cluster holds: a per-node listing, or the inventory. */
public interface ContainerScan {

    /** @return the containers of every node that answered, and the nodes that did not */
    Result scan();

    /**
     * @param containers the containers seen, by vmid
     * @param unreachable nodes that did not answer: their containers are neither missing nor confirmed
     * @param failures why nodes did not answer, to report
     */
    record Result(Map<Integer, ContainerInfo> containers, Set<String> unreachable, List<String> failures) {
        /** Copies. */
        public Result {
            containers = Map.copyOf(containers);
            unreachable = Set.copyOf(unreachable);
            failures = List.copyOf(failures);
        }
    }
}
