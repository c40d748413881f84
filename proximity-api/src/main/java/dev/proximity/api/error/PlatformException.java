package dev.proximity.api.error;

import java.util.Map;

/**
 * Proxmox (or the transport to it) refused or failed a call. Carries what the server said:
 * the HTTP status, the reason phrase (where Proxmox puts its message), the per-parameter
 * {@code errors} map and the body {@code message} when present.
 */
public class PlatformException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int httpStatus;
    private final String reason;
    private final transient Map<String, String> fieldErrors;
    private final String serverMessage;

    /**
     * @param call the call, e.g. {@code POST /nodes/pve/lxc}
     * @param httpStatus the HTTP status, or 0 when no answer arrived
     * @param reason the reason phrase, or a transport error description
     * @param fieldErrors the {@code errors} object of a 400 answer (may be empty)
     * @param serverMessage the body {@code message}, or null
     * @param cause the transport failure, or null
     */
    public PlatformException(String call, int httpStatus, String reason, Map<String, String> fieldErrors,
                             String serverMessage, Throwable cause) {
        super(describe(call, httpStatus, reason, fieldErrors), cause);
        this.call = call;
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
        this.serverMessage = serverMessage;
    }

    private static String describe(String call, int status, String reason, Map<String, String> errors) {
        StringBuilder text = new StringBuilder(call).append(" failed: ");
        text.append(status == 0 ? "no answer" : "HTTP " + status).append(" ").append(reason);
        if (errors != null && !errors.isEmpty()) {
            text.append(" ").append(errors);
        }
        return text.toString();
    }

    /** @return the call that failed, e.g. {@code POST /nodes/pve/lxc} */
    public String call() {
        return call;
    }

    /** @return the HTTP status, or 0 when the server did not answer */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return the reason phrase or transport error */
    public String reason() {
        return reason;
    }

    /** @return the per-parameter errors of a 400 answer; empty otherwise */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** @return the body {@code message} sent by newer servers, or null */
    public String serverMessage() {
        return serverMessage;
    }
}
