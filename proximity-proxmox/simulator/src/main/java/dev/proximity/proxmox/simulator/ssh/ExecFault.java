package dev.proximity.proxmox.simulator.ssh;

import java.util.Objects;

/**
 * A misbehaviour the simulated node applies to the next {@code pct exec} scripts that contain a
 * piece of text, in the style of the REST simulator's {@code Fault}:
 * <pre>{@code
 * node.inject(ExecFault.whenScriptContains("docker compose").times(1).exit(1, "pull access denied"));
 * node.inject(ExecFault.whenScriptContains("nc -z").hang());               // the client's timeout must fire
 * node.inject(ExecFault.whenScriptContains("up -d").dropConnection());     // the session dies mid-command
 * }</pre>
 *
 * @param fragment text the script must contain
 * @param times how many matching scripts it affects
 * @param action what it does to them
 */
public record ExecFault(String fragment, int times, Action action) {

    /** Validates the fault. */
    public ExecFault {
        Objects.requireNonNull(fragment, "fragment");
        Objects.requireNonNull(action, "action");
        if (times < 1) {
            throw new IllegalArgumentException("a fault must affect at least one script, was " + times);
        }
    }

    /**
     * @param fragment text the script must contain
     * @return a matcher to finish with an action
     */
    public static Matcher whenScriptContains(String fragment) {
        return new Matcher(fragment, 1);
    }

    /** What a fault does to a script. */
    public sealed interface Action {
    }

    /**
     * The script does not run; the command ends with this status and error output.
     *
     * @param exitCode the exit status
     * @param stderr the error output
     */
    public record Exit(int exitCode, String stderr) implements Action {
    }

    /** The script never finishes (until the client gives up and closes the channel). */
    public record Hang() implements Action {
    }

    /** The SSH session is closed under the running command. */
    public record DropConnection() implements Action {
    }

    /**
     * The first half of a fault: which scripts, how many.
     *
     * @param fragment text the script must contain
     * @param times how many scripts
     */
    public record Matcher(String fragment, int times) {

        /**
         * @param count how many matching scripts to affect
         * @return this matcher for that many
         */
        public Matcher times(int count) {
            return new Matcher(fragment, count);
        }

        /**
         * @param exitCode the exit status
         * @param stderr the error output
         * @return the fault
         */
        public ExecFault exit(int exitCode, String stderr) {
            return new ExecFault(fragment, times, new Exit(exitCode, stderr));
        }

        /** @return the fault */
        public ExecFault hang() {
            return new ExecFault(fragment, times, new Hang());
        }

        /** @return the fault */
        public ExecFault dropConnection() {
            return new ExecFault(fragment, times, new DropConnection());
        }
    }
}
