package dev.proximity.proxmox.ssh;

/**
 * {@code pct} on the node refused to run the command because the container is not there or not
 * running. The command did not run.
 */
public class GuestContainerUnavailableException extends SshGuestExecException {
    private static final long serialVersionUID = 1L;

    /** Why {@code pct exec} refused. */
    public enum Refusal {
        /** The node holds no configuration for the vmid: the container does not exist, or lives on another node. */
        NOT_ON_NODE,
        /** The container exists but is stopped. */
        NOT_RUNNING
    }

    private final String node;
    private final int vmid;
    private final Refusal refusal;

    /**
     * @param call what was attempted
     * @param node the node asked
     * @param vmid the container
     * @param refusal why pct refused
     * @param pctMessage what pct printed
     */
    public GuestContainerUnavailableException(String call, String node, int vmid, Refusal refusal, String pctMessage) {
        super(call, "pct refused: " + pctMessage, null);
        this.node = node;
        this.vmid = vmid;
        this.refusal = refusal;
    }

    /** @return the node asked */
    public String node() {
        return node;
    }

    /** @return the container */
    public int vmid() {
        return vmid;
    }

    /** @return why pct refused */
    public Refusal refusal() {
        return refusal;
    }
}
