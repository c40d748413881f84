package dev.proximity.api.error;

/**
 * The container platform (Proxmox VE, or the SSH path to one of its nodes) failed a call. The
 * subtypes say how, each with the facts a caller can act on:
 * <ul>
 *   <li>{@link PlatformRefusedException}: the server answered with an error (HTTP status, reason,
 *       per-parameter errors);</li>
 *   <li>{@link PlatformNoAnswerException}: no answer arrived; for a write, it may have taken effect;</li>
 *   <li>{@link PlatformTaskException}: a task (UPID) ran and ended in error;</li>
 *   <li>{@link PlatformTimeoutException}: a call, task or guest command outlived its deadline;</li>
 *   <li>{@link GuestCommandException}: a command inside a container exited non-zero;</li>
 *   <li>{@link VmidTakenException}: the container id asked for belongs to another guest.</li>
 * </ul>
 * This base type alone means anything else: an interrupted wait, an answer of the wrong shape.
 */
public class PlatformException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final String reason;

    /**
     * @param call the call, e.g. {@code POST /nodes/pve/lxc} or {@code pct exec 101 on pve}
     * @param reason what went wrong, in the platform's words where it gave any
     * @param cause the underlying failure, or null
     */
    public PlatformException(String call, String reason, Throwable cause) {
        this(call, reason, call + " failed: " + reason, cause);
    }

    /**
     * For subtypes that word their own message.
     *
     * @param call the call
     * @param reason what went wrong
     * @param message the full message
     * @param cause the underlying failure, or null
     */
    protected PlatformException(String call, String reason, String message, Throwable cause) {
        super(message, cause);
        this.call = call;
        this.reason = reason;
    }

    /** @return the call that failed, e.g. {@code POST /nodes/pve/lxc} */
    public String call() {
        return call;
    }

    /** @return what went wrong: the reason phrase, the task's exit status, the transport error */
    public String reason() {
        return reason;
    }
}
