package dev.proximity.proxmox.simulator;

import java.util.Map;

/**
 * An error a simulated handler raises; the dispatcher turns it into Proxmox's error shape
 * (status, reason phrase, {@code errors}, {@code message}).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, String> fieldErrors;

    private ApiError(int status, String message, Map<String, String> fieldErrors) {
        super(message, null, false, false);
        this.status = status;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** A handler failure: PVE answers 500 for everything a handler dies with. */
    static ApiError server(String message) {
        return new ApiError(500, message, Map.of());
    }

    /** A parameter check failure: 400 with the per-parameter {@code errors}. */
    static ApiError parameters(Map<String, String> fieldErrors) {
        return new ApiError(400, "Parameter verification failed.", fieldErrors);
    }

    static ApiError parameter(String name, String problem) {
        return parameters(Map.of(name, problem));
    }

    static ApiError status(int status, String message) {
        return new ApiError(status, message, Map.of());
    }

    static ApiError notImplemented(String method, String path) {
        return new ApiError(501, "Method '" + method + " " + path + "' not implemented", Map.of());
    }

    int status() {
        return status;
    }

    Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
