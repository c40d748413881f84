package dev.proximity.proxmox.simulator;

import java.util.Map;

/**
 * One API call the simulator received, as tests inspect it.
 *
 * @param method HTTP method
 * @param path the path below {@code /api2/json}, decoded, e.g. {@code /nodes/pve/lxc}
 * @param params query and form parameters; a {@code password} shows as {@code ******}, or as
 *               {@code <ticket>} when a ticket was posted in its place (a renewal)
 * @param status the HTTP status answered, or 0 when the connection was dropped
 */
public record RecordedCall(String method, String path, Map<String, String> params, int status) {

    /** Copies the parameters. */
    public RecordedCall {
        params = Map.copyOf(params);
    }

    /** @return {@code METHOD path} */
    public String call() {
        return method + " " + path;
    }
}
