package dev.proximity.core.internal.app;

import dev.proximity.api.store.StoreSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The snapshots Proximity takes for itself (a running clone's source, an update's restore point),
 * each recorded in the shared settings before it is taken and forgotten once deleted, so that
 * reconcile finds and deletes the ones a crash left behind. The key names the node, container
 * and snapshot; the value the app whose lock guards them.
 */
final class TemporarySnapshots {

    static final String PREFIX = "temporary-snapshot/";

    private final AppContext context;

    TemporarySnapshots(AppContext context) {
        this.context = context;
    }

    /** A recorded snapshot: where it is and whose it is. */
    record Entry(String key, String appId, String node, int vmid, String name) {
    }

    /** Records the snapshot before it is taken. */
    void remember(String appId, String node, int vmid, String name) {
        context.store.write((StoreSession session) -> {
            session.settings().put(key(node, vmid, name), appId);
            return null;
        });
    }

    /** Forgets it: deleted, or handed to the user (an update's kept restore point). */
    void forget(String node, int vmid, String name) {
        context.store.write((StoreSession session) -> session.settings().remove(key(node, vmid, name)));
    }

    /**
     * Deletes the snapshot once no task holds its container, and forgets it. One that is not there
     * but whose request went unanswered stays recorded, as the node may still take it: reconcile
     * deletes it if it appears. A failure is logged, never thrown.
     *
     * @param what how the log names it, e.g. "the temporary snapshot"
     * @param mayLand whether the request that takes it went unanswered
     */
    void drop(String node, int vmid, String name, String what, boolean mayLand, Journal journal) {
        try {
            if (LockWait.deleteSnapshotIfPresent(context, node, vmid, name)) {
                journal.info(Steps.SNAPSHOT_DELETE, "deleted " + what + " '" + name + "'");
            } else if (mayLand) {
                journal.warn(Steps.SNAPSHOT_DELETE, what + " '" + name + "' went unanswered and is not there yet; "
                        + "reconcile deletes it if it appears");
                return;
            }
            forget(node, vmid, name);
        } catch (RuntimeException e) {
            journal.warn(Steps.SNAPSHOT_DELETE, "could not delete " + what + " '" + name + "' of CT " + vmid + ": "
                    + Journal.describe(e) + "; reconcile deletes it later");
        }
    }

    /** @return every recorded snapshot */
    Map<String, Entry> recorded() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        context.store.read((StoreSession session) -> session.settings().all()).forEach((key, appId) -> {
            if (key.startsWith(PREFIX)) {
                String[] parts = key.substring(PREFIX.length()).split("/", 3);
                if (parts.length == 3 && parts[1].matches("\\d{3,9}")) {
                    entries.put(key, new Entry(key, appId, parts[0], Integer.parseInt(parts[1]), parts[2]));
                }
            }
        });
        return entries;
    }

    private static String key(String node, int vmid, String name) {
        return PREFIX + node + "/" + vmid + "/" + name;
    }
}
