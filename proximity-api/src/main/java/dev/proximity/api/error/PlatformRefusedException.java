package dev.proximity.api.error;

import java.util.Map;

/**
 * The platform answered a call with an error. Carries what the server said: the HTTP status, the
 * reason phrase (where Proxmox puts its message), the per-parameter {@code errors} of a 400 and the
 * body {@code message} newer servers add.
 */
public class PlatformRefusedException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final transient Map<String, String> fieldErrors;
    private final String serverMessage;

    /**
     * @param call the call, e.g. {@code POST /nodes/pve/lxc}
     * @param httpStatus the HTTP status of the answer
     * @param reason the reason phrase
     * @param fieldErrors per-parameter errors of a 400 answer; null means none
     * @param serverMessage the body {@code message}, or null
     */
    public PlatformRefusedException(String call, int httpStatus, String reason, Map<String, String> fieldErrors,
                                    String serverMessage) {
        super(call, reason, describe(call, httpStatus, reason, fieldErrors), null);
        this.httpStatus = httpStatus;
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
        this.serverMessage = serverMessage;
    }

    private static String describe(String call, int status, String reason, Map<String, String> errors) {
        StringBuilder text = new StringBuilder(call).append(" failed: HTTP ").append(status).append(' ').append(reason);
        if (errors != null && !errors.isEmpty()) {
            text.append(' ').append(errors);
        }
        return text.toString();
    }

    /** @return the HTTP status */
    public int httpStatus() {
        return httpStatus;
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
