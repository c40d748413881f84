package dev.proximity.api.app;

import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.PlatformException;

import java.util.List;

/**
 * Deploy catalog apps into LXC containers and run them: the main use cases.
 */
public interface AppService {

    /**
     * Deploys a catalog app: validates, reserves ports, records the intent, creates and starts
     * the container, provisions Docker and the compose stack, and marks the app running. On
     * failure every step already taken is undone.
     *
     * @param request what to deploy
     * @return the running app
     * @throws InvalidRequestException when the request or catalog id is invalid
     * @throws AlreadyExistsException when the hostname is taken
     * @throws DeploymentFailedException when a step failed; carries the step log
     */
    App deploy(DeployRequest request);

    /**
     * @param appId the app id
     * @return the app
     * @throws NotFoundException when there is no such app
     */
    App get(String appId);

    /**
     * @param query filters, paging and sort
     * @return the matching page
     */
    Page<App> find(AppQuery query);

    /**
     * Starts the app's container and records the result.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws NotFoundException when there is no such app
     * @throws PlatformException when Proxmox refused; the app is then stored with status error
     */
    App start(String appId);

    /**
     * Stops the app's container and records the result.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws NotFoundException when there is no such app
     * @throws PlatformException when Proxmox refused; the app is then stored with status error
     */
    App stop(String appId);

    /**
     * Reboots the app's container and records the result.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws NotFoundException when there is no such app
     * @throws PlatformException when Proxmox refused; the app is then stored with status error
     */
    App restart(String appId);

    /**
     * Destroys the app's container, releases its ports and removes it. An app is never left
     * half-deleted: if the container cannot be destroyed the app stays stored with status error.
     *
     * @param appId the app id
     * @throws NotFoundException when there is no such app
     * @throws PlatformException when Proxmox refused
     */
    void delete(String appId);

    /**
     * @param appId the app id
     * @return the app's deployment log, oldest first
     * @throws NotFoundException when there is no such app
     */
    List<DeploymentLogEntry> logs(String appId);

    /**
     * Compares stored apps with the real containers: refreshes status and url, marks missing
     * containers, resolves apps stuck in transitional states and destroys orphan containers this
     * library created.
     *
     * @return what was found and done
     */
    ReconcileReport reconcile();
}
