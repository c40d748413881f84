package dev.proximity.api.error;

/**
 * A container could not be created under the id asked for: another guest of the cluster has it
 * (Proxmox's {@code nextid} reserves nothing, so concurrent creators collide). Nothing was
 * created; ask for another id.
 */
public class VmidTakenException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final int vmid;

    /**
     * @param call the create call
     * @param vmid the id that was taken
     * @param reason what the platform said
     * @param cause the platform's refusal or failed task
     */
    public VmidTakenException(String call, int vmid, String reason, Throwable cause) {
        super(call, reason, call + " failed: vmid " + vmid + " is taken (" + reason + ")", cause);
        this.vmid = vmid;
    }

    /** @return the id that was taken */
    public int vmid() {
        return vmid;
    }
}
