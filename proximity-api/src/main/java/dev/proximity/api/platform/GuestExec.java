package dev.proximity.api.platform;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformTimeoutException;

import java.time.Duration;

/**
 * Outbound port: runs a shell command inside a container. Proxmox's API cannot do this; the
 * adapter runs {@code pct exec} over SSH on the node that holds the container.
 */
public interface GuestExec {

    /**
     * Runs {@code command} with {@code sh -c} inside the container. The command arrives verbatim:
     * quotes, {@code $()}, backticks, newlines and {@code ;} are not interpreted on the node.
     *
     * @param node the node holding the container
     * @param vmid the container
     * @param command the shell command
     * @param timeout how long it may run
     * @return exit code and output (a non-zero exit is returned, not thrown)
     * @throws PlatformTimeoutException when it runs longer than {@code timeout}
     * @throws PlatformException when the node cannot be reached or refuses the login
     */
    ExecResult run(String node, int vmid, String command, Duration timeout);
}
