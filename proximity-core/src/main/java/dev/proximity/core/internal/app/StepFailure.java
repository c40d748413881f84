package dev.proximity.core.internal.app;

import dev.proximity.api.error.PlatformNoAnswerException;

/** A step of an operation failed; carries the step's name to the operation's failure handling. */
final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String step;

    StepFailure(String step, RuntimeException cause) {
        super(step + ": " + cause.getMessage(), cause);
        this.step = step;
    }

    String step() {
        return step;
    }

    /**
     * @return whether the step's request went unanswered after it may have reached Proxmox, so
     *         that what it asked for may still happen after the step gave up
     */
    boolean mayHaveTakenEffect() {
        return getCause() instanceof PlatformNoAnswerException noAnswer && noAnswer.mayHaveTakenEffect();
    }

    /** @return the failure the step met */
    RuntimeException failure() {
        return (RuntimeException) getCause();
    }
}
