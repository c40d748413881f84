package dev.proximity.api.inventory;

import dev.proximity.api.Validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one sync saw and wrote.
 *
 * @param at when it read the cluster
 * @param seen resources the cluster reported
 * @param changes snapshots written, by kind
 * @param metricsRefreshed resources whose volatile counters alone changed (stored, no snapshot)
 * @param staleNodes nodes that did not answer: their resources keep their last known state, marked stale
 * @param writes records written in all (resources, snapshots and deletions); 0 when nothing changed
 * @param pruned snapshots and finished tasks removed by the retention setting
 * @param took how long the sync took
 */
public record SyncReport(Instant at, int seen, Map<ChangeType, Integer> changes, int metricsRefreshed,
                         List<String> staleNodes, int writes, int pruned, Duration took) {

    /** Copies. */
    public SyncReport {
        Validation.required(at, "at");
        changes = Map.copyOf(changes);
        staleNodes = List.copyOf(staleNodes);
        Validation.required(took, "took");
    }

    /**
     * @param change a kind of change
     * @return how many snapshots of that kind the sync wrote
     */
    public int count(ChangeType change) {
        return changes.getOrDefault(change, 0);
    }

    /** @return whether the sync found anything to write */
    public boolean changedAnything() {
        return writes > 0;
    }
}
