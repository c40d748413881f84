package dev.proximity.core.internal.store;

import dev.proximity.api.store.StoreSession;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a transaction on the primary changed, as actions to replay on the secondary (copies of the
 * resulting records, not the calls that made them, so the secondary ends up equal even when its
 * own logic would have chosen otherwise), and the keys it touched, for a repair entry.
 */
public final class Mirror {

    private final List<Consumer<StoreSession>> actions = new ArrayList<>();
    final Set<String> apps = new LinkedHashSet<>();
    final Set<String> leaseOwners = new LinkedHashSet<>();
    final Set<Integer> leasePorts = new LinkedHashSet<>();
    final Set<String> logs = new LinkedHashSet<>();
    final Set<String> runs = new LinkedHashSet<>();
    final Set<String> settings = new LinkedHashSet<>();
    final Set<String> resources = new LinkedHashSet<>();
    final Set<String> snapshots = new LinkedHashSet<>();
    final Set<String> backups = new LinkedHashSet<>();

    void add(Consumer<StoreSession> action) {
        actions.add(action);
    }

    boolean isEmpty() {
        return actions.isEmpty();
    }

    /** @param secondary the secondary's session, inside its transaction */
    void replay(StoreSession secondary) {
        actions.forEach(action -> action.accept(secondary));
    }

    /** @return the touched keys as a repair entry */
    RepairEntry toRepair(String reason, String from, String to) {
        return new RepairEntry(from, to, reason, apps, leaseOwners, leasePorts, logs, runs, settings, resources, snapshots,
                backups);
    }
}
