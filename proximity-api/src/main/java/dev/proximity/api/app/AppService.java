package dev.proximity.api.app;

import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.ConcurrentOperationException;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.InvalidTransitionException;
import dev.proximity.api.error.NotFoundException;
import dev.proximity.api.error.OperationFailedException;
import dev.proximity.api.error.PortUnavailableException;
import dev.proximity.api.error.PortsExhaustedException;

import java.util.List;

/**
 * Deploy catalog apps into LXC containers and run them: the main use cases.
 *
 * <p>Actions on one app are serialized, in this process and across every process sharing the
 * store; an action that waits too long for another fails with {@link ConcurrentOperationException}.
 * Every action logs its steps to the app's deployment log and leaves a truthful status: when a
 * platform step fails, the app is stored with status {@code error} and the reason is in the log.
 */
public interface AppService {

    /**
     * Deploys a catalog app and waits for it: validates, reserves ports and records the intent,
     * allocates and records a vmid, creates and starts the container, provisions Docker and the
     * compose stack, waits until the app answers, and marks it running. On failure every step
     * already taken is undone (container destroyed, ports released) and the record follows the
     * configured failure policy.
     *
     * @param request what to deploy
     * @return the running app
     * @throws InvalidRequestException when the request, catalog id, resources or node are invalid; nothing was created
     * @throws AlreadyExistsException when the hostname (or app id) is taken; nothing was created
     * @throws PortUnavailableException when a requested port is held; nothing was created
     * @throws PortsExhaustedException when a port range is full; nothing was created
     * @throws DeploymentFailedException when a step failed; carries the step, the cause and the log
     */
    default App deploy(DeployRequest request) {
        return deploy(request, DeploymentListener.NONE);
    }

    /**
     * {@link #deploy(DeployRequest)}, telling {@code listener} of every step as it is logged.
     *
     * @param request what to deploy
     * @param listener receives each step; its failures are logged and ignored
     * @return the running app
     */
    App deploy(DeployRequest request, DeploymentListener listener);

    /**
     * Starts a deploy on the instance's bounded executor and returns at once. Validation errors
     * and a taken hostname complete the future exceptionally, like every other failure.
     *
     * @param request what to deploy
     * @param listener receives each step
     * @return the app id, the attempt's id and the future result
     * @throws java.util.concurrent.RejectedExecutionException when the executor's queue is full or the instance is closing
     */
    PendingDeployment deployAsync(DeployRequest request, DeploymentListener listener);

    /**
     * @param request what to deploy
     * @return the app id, the attempt's id and the future result
     */
    default PendingDeployment deployAsync(DeployRequest request) {
        return deployAsync(request, DeploymentListener.NONE);
    }

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
     * Starts the app's container, then its compose stack, and waits until it answers.
     * Starting a running app changes nothing.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws NotFoundException when there is no such app
     * @throws InvalidTransitionException when the app is in a transitional status (deploying, removing...)
     * @throws OperationFailedException when a step failed; the app is then stored with status error
     */
    App start(String appId);

    /**
     * Stops the app: {@code docker compose down}, then a clean shutdown of the container that
     * turns into a hard stop after the configured timeout. Stopping a stopped app changes nothing.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws OperationFailedException when a step failed; the app is then stored with status error
     */
    default App stop(String appId) {
        return stop(appId, false);
    }

    /**
     * @param appId the app id
     * @param force stop the container hard at once, without stopping the stack first
     * @return the app as now stored
     * @throws OperationFailedException when a step failed; the app is then stored with status error
     */
    App stop(String appId, boolean force);

    /**
     * Reboots the app's container, brings its stack up and waits until it answers.
     *
     * @param appId the app id
     * @return the app as now stored
     * @throws InvalidTransitionException when the app is not running
     * @throws OperationFailedException when a step failed; the app is then stored with status error
     */
    App restart(String appId);

    /**
     * Changes an app's cores and memory (its container's configuration, live) and grows its root
     * disk (a Proxmox task). Never below the catalog entry's minimums, never beyond what the node
     * has, and a disk never shrinks. Logged step by step; if the disk step fails, the cores and
     * memory it changed are set back.
     *
     * @param appId the app
     * @param request what to change
     * @return the app afterwards, its record's {@code config.cores} and {@code config.memory} updated
     * @throws dev.proximity.api.error.InvalidRequestException when a value is below the catalog minimum, above the
     *         node's capacity, or would shrink the disk (nothing was changed)
     * @throws dev.proximity.api.error.OperationFailedException when Proxmox failed; what was changed was set back
     */
    App resize(String appId, ResizeRequest request);

    /**
     * Updates a running app without fear: a restore point (a snapshot of its container), then
     * {@code docker compose pull} and {@code up -d}, then the health check. If any of that fails,
     * the container is rolled back to the restore point and the app brought up as it was (status
     * {@code running}); if even the rollback fails, the app is {@code update_failed} and the
     * restore point kept. The restore point is deleted once the app runs. Status {@code updating}
     * while it runs; every step in the app's log.
     *
     * @param appId the app
     * @return the updated app
     * @throws dev.proximity.api.error.InvalidTransitionException when the app is not running
     * @throws dev.proximity.api.error.OperationFailedException when the update failed: {@code undone()} tells
     *         whether the rollback brought the app back; no restore point (storage without snapshots) means no update
     */
    App update(String appId);

    /**
     * Clones an app under a new hostname: a new record ({@code cloning} while it runs) with new
     * ports and a new vmid, a full copy of the container (a running source is copied from a
     * temporary snapshot that is always deleted), the copied stack moved to the new app's directory
     * and brought up on the new ports, health-checked. On failure the copy, its ports and its record
     * are rolled back; the source is untouched.
     *
     * @param appId the app to copy (running or stopped)
     * @param hostname the copy's hostname
     * @return the new app, running
     * @throws dev.proximity.api.error.AlreadyExistsException when the new id or hostname is taken
     * @throws dev.proximity.api.error.InvalidTransitionException when the source is neither running nor stopped
     * @throws dev.proximity.api.error.OperationFailedException when a step failed (what was done is undone)
     */
    App clone(String appId, String hostname);

    /**
     * Moves an app's container to another node: Proxmox's migration in restart mode (LXC cannot
     * move live), then the record's node follows and a running app is brought up and checked on
     * the target (compose up, health, url). Local bind mounts or devices block the move (Proxmox
     * says so). When the move fails, Proxmox starts the container again on the source and the
     * record says where it is.
     *
     * @param appId the app
     * @param targetNode the node to move it to
     * @return the app afterwards
     * @throws dev.proximity.api.error.InvalidRequestException when the target is the app's node, not online, not in the
     *         cluster, or lacks the memory a running app needs (nothing was done)
     * @throws dev.proximity.api.error.OperationFailedException when the move or the start on the target failed
     */
    App move(String appId, String targetNode);

    /**
     * Lists the containers on the cluster that no Proximity installation manages (no installation
     * tag, no app record): what {@link #adopt} can take.
     *
     * @return them, by vmid
     */
    List<DiscoveredContainer> discover();

    /**
     * Takes an existing container under management: the app is recorded (status {@code adopting}
     * while it runs), ports are leased, the container gets this installation's tags and the app id
     * in its description, then the app takes the container's state ({@code running} with its url,
     * or {@code stopped}). Nothing inside the container changes. If a step fails, the tags and
     * description are set back, the ports released and the record removed.
     *
     * @param request the container and the catalog entry it runs
     * @return the adopted app
     * @throws dev.proximity.api.error.AlreadyExistsException when the container is managed already (by any
     *         installation), or the app id or hostname is taken
     * @throws dev.proximity.api.error.NotFoundException when no online node holds the container
     * @throws dev.proximity.api.error.InvalidRequestException when the catalog has no such entry
     * @throws dev.proximity.api.error.OperationFailedException when a step failed (what was done is undone)
     */
    App adopt(AdoptRequest request);

    /**
     * Deletes the app: stops its stack, destroys its container (purged from backup jobs and HA),
     * releases its ports and removes its record; its logs are kept per the retention setting. A
     * container that is already gone is not an error: the result says so. If the container cannot
     * be destroyed, the app stays stored with status error and nothing else is removed.
     *
     * @param appId the app id
     * @return what was removed
     * @throws NotFoundException when there is no such app
     * @throws InvalidTransitionException when another operation is under way (deploying, cloning...)
     * @throws OperationFailedException when the container could not be destroyed
     */
    DeleteResult delete(String appId);

    /**
     * The log of the app's current deployment attempt (all its operations since that deploy), or,
     * when the app is gone, of its last attempt, so a failed deploy's log stays readable.
     *
     * @param appId the app id
     * @return the entries, oldest first
     * @throws NotFoundException when the app has neither a record nor a log
     */
    List<DeploymentLogEntry> logs(String appId);

    /**
     * Every deployment attempt ever logged under the app id, oldest first, each with its log.
     *
     * @param appId the app id
     * @return the attempts; empty when none was logged
     */
    List<DeploymentAttempt> history(String appId);

    /**
     * One pass over every stored app and every online node (one container list per node):
     * refreshes status and url, marks apps whose container vanished, finishes or cleans apps stuck
     * in a transitional status, destroys (or reports) containers that carry this installation's
     * marker but have no record, and releases leaked port leases. One pass runs at a time per
     * store, across processes.
     *
     * @return what was found and done
     * @throws ConcurrentOperationException when another pass held the store's reconcile lock for the whole wait
     */
    ReconcileReport reconcile();
}
