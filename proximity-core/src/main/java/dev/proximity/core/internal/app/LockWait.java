package dev.proximity.core.internal.app;

/**
 * Waits, within the action lock wait, until no Proxmox task holds a container's lock; and, on top
 * of that wait, removes a snapshot Proximity took for itself that a failed or finished step left.
 */
final class LockWait {

    private LockWait() {
    }

    /**
     * @param context the app context (platform, lock wait, poll interval)
     * @param node the node
     * @param vmid the container
     * @param what what holds it, for the message of an interrupted wait
     * @return whether the container is unlocked (false: still locked when the wait ended)
     */
    static boolean untilFree(AppContext context, String node, int vmid, String what) {
        long deadline = System.nanoTime() + context.settings.lockWait().toNanos();
        while (context.platform.status(node, vmid).map(ct -> ct.lock() != null).orElse(false)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Pause.sleep(context.settings.pollInterval(), what);
        }
        return true;
    }

    /**
     * Deletes a snapshot once no task holds the container (the task that made it, or one copying
     * from it, may still run), if it is there at all.
     *
     * @param context the app context
     * @param node the node
     * @param vmid the container
     * @param name the snapshot
     * @return whether it was there and is now deleted
     */
    static boolean deleteSnapshotIfPresent(AppContext context, String node, int vmid, String name) {
        untilFree(context, node, vmid, "the task on CT " + vmid);
        if (context.platform.snapshots(node, vmid).stream().noneMatch(s -> s.name().equals(name))) {
            return false;
        }
        context.platform.deleteSnapshot(node, vmid, name);
        return true;
    }
}
