package dev.proximity.core.internal.app;

/** Waits, within the action lock wait, until no Proxmox task holds a container's lock. */
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
}
