package dev.proximity.api.inventory;

import java.time.Instant;
import java.util.List;

/**
 * Desired versus actual: the apps' records (what should exist) against the inventory (what the
 * cluster holds), as of the inventory's latest sync.
 *
 * @param syncedAt when this process last synced the inventory, or null if it has not (the stored
 *                 inventory may still hold another process's sync)
 * @param missing apps whose container is gone from a node that answered
 * @param drifted containers whose configuration differs from their app's record
 * @param unexplained containers that carry this installation's marker but no app record explains
 * @param staleNodes nodes that did not answer: their apps are neither missing nor confirmed
 */
public record DriftReport(Instant syncedAt, List<Missing> missing, List<Drift> drifted, List<Unexplained> unexplained,
                          List<String> staleNodes) {

    /** Copies. */
    public DriftReport {
        missing = List.copyOf(missing);
        drifted = List.copyOf(drifted);
        unexplained = List.copyOf(unexplained);
        staleNodes = List.copyOf(staleNodes);
    }

    /** @return whether the cluster holds exactly what the records say */
    public boolean inSync() {
        return missing.isEmpty() && drifted.isEmpty() && unexplained.isEmpty();
    }

    /**
     * An app whose container is missing.
     *
     * @param appId the app
     * @param hostname its hostname
     * @param vmid the container it records
     * @param node the node it records
     */
    public record Missing(String appId, String hostname, int vmid, String node) {
    }

    /**
     * One field of one container that differs from its app's record.
     *
     * @param appId the app
     * @param vmid its container
     * @param field {@code cores}, {@code memory} (MB), {@code hostname}, {@code tags} or {@code node}
     * @param expected what the record says
     * @param actual what the cluster reports
     */
    public record Drift(String appId, int vmid, String field, String expected, String actual) {
    }

    /**
     * A managed-looking container with no record.
     *
     * @param vmid the container
     * @param node its node
     * @param name its hostname
     * @param tags its tags
     */
    public record Unexplained(int vmid, String node, String name, List<String> tags) {
        /** Copies. */
        public Unexplained {
            tags = List.copyOf(tags);
        }
    }
}
