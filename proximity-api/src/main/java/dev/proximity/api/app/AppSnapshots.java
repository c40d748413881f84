package dev.proximity.api.app;

import java.util.List;

/**
 * Snapshots of an app's container: create, list, roll back, delete. Each holds the app's lock for
 * its whole length and is logged step by step in the app's log. Snapshots need storage that
 * supports them (LVM-thin, ZFS, Ceph); on other storage the call fails and says so.
 */
public interface AppSnapshots {

    /**
     * Takes a snapshot of a running or stopped app's container.
     *
     * @param appId the app
     * @param name a letter, then letters, digits, {@code -} or {@code _}; at most 40; not {@code current} or {@code vzdump}
     * @param description a description, or null
     * @return the snapshot
     * @throws dev.proximity.api.error.InvalidRequestException when the name is not valid (nothing was done)
     * @throws dev.proximity.api.error.AlreadyExistsException when the container has a snapshot of that name
     * @throws dev.proximity.api.error.OperationFailedException when Proxmox refused or failed (the app is unchanged;
     *         storage without snapshot support is named in the message)
     */
    AppSnapshot create(String appId, String name, String description);

    /**
     * @param appId the app
     * @return its container's snapshots, oldest first
     */
    List<AppSnapshot> list(String appId);

    /**
     * Rolls the app's container back to a snapshot. A running app is started again and checked
     * (compose up, health, url); a stopped one stays stopped.
     *
     * @param appId the app
     * @param name the snapshot
     * @return the app afterwards
     * @throws dev.proximity.api.error.NotFoundException when the container has no such snapshot (nothing was done)
     * @throws dev.proximity.api.error.OperationFailedException when a step failed; the app is then marked error
     */
    App rollback(String appId, String name);

    /**
     * @param appId the app
     * @param name the snapshot to delete
     * @throws dev.proximity.api.error.NotFoundException when the container has no such snapshot
     * @throws dev.proximity.api.error.OperationFailedException when Proxmox refused or failed (the app is unchanged)
     */
    void delete(String appId, String name);
}
