package dev.proximity.core.internal.app;

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

    /** @return the failure the step met */
    RuntimeException failure() {
        return (RuntimeException) getCause();
    }
}
