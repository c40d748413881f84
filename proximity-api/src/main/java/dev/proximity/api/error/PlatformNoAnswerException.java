package dev.proximity.api.error;

/**
 * No answer arrived: the connection failed, broke, or TLS refused the peer. For a call that
 * changes something, the change may or may not have happened ({@link #mayHaveTakenEffect()}):
 * a create whose answer was lost may have created the container.
 */
public class PlatformNoAnswerException extends PlatformException {
    private static final long serialVersionUID = 1L;
    private final boolean mayHaveTakenEffect;

    /**
     * @param call the call
     * @param reason the transport failure
     * @param mayHaveTakenEffect whether the request may have reached the server and changed something
     * @param cause the transport exception
     */
    public PlatformNoAnswerException(String call, String reason, boolean mayHaveTakenEffect, Throwable cause) {
        super(call, reason, call + " got no answer: " + reason
                + (mayHaveTakenEffect ? " (the call may or may not have taken effect)" : ""), cause);
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    /** @return whether the call may have taken effect although no answer arrived */
    public boolean mayHaveTakenEffect() {
        return mayHaveTakenEffect;
    }
}
