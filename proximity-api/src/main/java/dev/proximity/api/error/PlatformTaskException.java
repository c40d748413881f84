package dev.proximity.api.error;

import java.util.List;

/**
 * A platform task (a Proxmox UPID) ran and ended with an error exit status.
 */
public class PlatformTaskException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final String upid;
    private final String exitStatus;
    private final transient List<String> logTail;

    /**
     * @param upid the task id
     * @param exitStatus the exit status text, e.g. {@code unable to create CT 101 - out of space}
     * @param logTail the last lines of the task log
     */
    public PlatformTaskException(String upid, String exitStatus, List<String> logTail) {
        super("task " + upid, exitStatus, "task " + upid + " failed: " + exitStatus
                + (logTail.isEmpty() ? "" : " (log tail: " + String.join(" | ", logTail) + ")"), null);
        this.upid = upid;
        this.exitStatus = exitStatus;
        this.logTail = List.copyOf(logTail);
    }

    /** @return the task id */
    public String upid() {
        return upid;
    }

    /** @return the exit status text */
    public String exitStatus() {
        return exitStatus;
    }

    /** @return the last lines of the task log */
    public List<String> logTail() {
        return logTail;
    }
}
