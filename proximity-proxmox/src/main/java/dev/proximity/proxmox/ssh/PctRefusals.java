package dev.proximity.proxmox.ssh;

import dev.proximity.api.platform.ExecResult;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells {@code pct}'s own refusals apart from the script's results. {@code pct} dies with exit
 * code 255 and a one-line message before it starts anything in the container; a script would have
 * to print exactly that line on stderr, nothing on stdout, and exit 255 to be mistaken for it.
 */
final class PctRefusals {

    private PctRefusals() {
    }

    /**
     * @param result what came back
     * @param node the node asked
     * @param vmid the container
     * @param call the call, for the exception
     * @return the refusal as an exception, or empty when the script ran
     */
    static Optional<GuestContainerUnavailableException> of(ExecResult result, String node, int vmid, String call) {
        if (result.exitCode() != 255 || !result.stdout().isEmpty()) {
            return Optional.empty();
        }
        String message = result.stderr().strip();
        if (Pattern.matches("Configuration file 'nodes/[^'/]+/lxc/" + vmid + "\\.conf' does not exist", message)) {
            return Optional.of(new GuestContainerUnavailableException(call, node, vmid,
                    GuestContainerUnavailableException.Refusal.NOT_ON_NODE, message));
        }
        if (message.equals("container '" + vmid + "' not running!") || message.equals("CT " + vmid + " not running")) {
            return Optional.of(new GuestContainerUnavailableException(call, node, vmid,
                    GuestContainerUnavailableException.Refusal.NOT_RUNNING, message));
        }
        return Optional.empty();
    }
}
