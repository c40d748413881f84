package dev.proximity.proxmox.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A misbehaviour the simulator applies to the next matching calls. Build one with
 * {@link #on(String, String)}, then {@link Matcher#times(int)} and an action:
 * <pre>{@code
 * simulator.inject(Fault.on("GET", "/nodes/.*").times(3)
 *         .respond(595, "Errors during connection establishment, proxy handshake: Connection refused"));
 * simulator.inject(Fault.on("POST", "/nodes/pve/lxc/\\d+/status/start").failTask("startup for container '101' failed"));
 * }</pre>
 *
 * @param method the HTTP method it matches ({@code *} for any)
 * @param path a regular expression the whole path below {@code /api2/json} must match
 * @param times how many matching calls it affects
 * @param action what it does to them
 */
public record Fault(String method, Pattern path, int times, Action action) {

    /** Validates the fault. */
    public Fault {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        if (times < 1) {
            throw new IllegalArgumentException("a fault must affect at least one call, was " + times);
        }
    }

    /**
     * @param method HTTP method, or {@code *}
     * @param pathRegex regular expression over the path below {@code /api2/json}, e.g. {@code /nodes/[^/]+/lxc}
     * @return a matcher to finish with an action
     */
    public static Matcher on(String method, String pathRegex) {
        return new Matcher(method, Pattern.compile(pathRegex), 1);
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method.equals("*") || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
    }

    /** What a fault does to a call. */
    public sealed interface Action {
    }

    /**
     * Answer with this status and reason phrase instead of handling the call.
     *
     * @param status HTTP status
     * @param reason reason phrase (Proxmox's error message)
     * @param fieldErrors the {@code errors} object, may be empty
     */
    public record Respond(int status, String reason, Map<String, String> fieldErrors) implements Action {
        /** Copies the errors. */
        public Respond {
            fieldErrors = Map.copyOf(fieldErrors);
        }
    }

    /**
     * Answer with this raw JSON body, e.g. to imitate a server variant.
     *
     * @param status HTTP status
     * @param json the body
     */
    public record RespondJson(int status, String json) implements Action {
    }

    /** @param latency how long to wait before handling the call normally */
    public record Delay(Duration latency) implements Action {
    }

    /**
     * Close the connection without an answer.
     *
     * @param afterProcessing whether the call takes effect first (the answer is lost), or never reaches the handler
     */
    public record Drop(boolean afterProcessing) implements Action {
    }

    /**
     * Let the call start its task, but end the task this way.
     *
     * @param exitStatus the task's exit status, e.g. an error text or {@code WARNINGS: 2}
     */
    public record TaskOutcome(String exitStatus) implements Action {
    }

    /**
     * The first half of a fault: which calls, how many.
     *
     * @param method HTTP method
     * @param path path pattern
     * @param times how many calls
     */
    public record Matcher(String method, Pattern path, int times) {

        /**
         * @param count how many matching calls to affect
         * @return this matcher for that many calls
         */
        public Matcher times(int count) {
            return new Matcher(method, path, count);
        }

        /**
         * @param status HTTP status
         * @param reason reason phrase
         * @return the fault
         */
        public Fault respond(int status, String reason) {
            return new Fault(method, path, times, new Respond(status, reason, Map.of()));
        }

        /**
         * @param status HTTP status
         * @param reason reason phrase
         * @param errors the {@code errors} object
         * @return the fault
         */
        public Fault respond(int status, String reason, Map<String, String> errors) {
            return new Fault(method, path, times, new Respond(status, reason, errors));
        }

        /**
         * @param status HTTP status
         * @param json raw body
         * @return the fault
         */
        public Fault respondJson(int status, String json) {
            return new Fault(method, path, times, new RespondJson(status, json));
        }

        /**
         * @param latency extra latency
         * @return the fault
         */
        public Fault delay(Duration latency) {
            return new Fault(method, path, times, new Delay(latency));
        }

        /** @return a fault that closes the connection before the call takes effect */
        public Fault dropConnection() {
            return new Fault(method, path, times, new Drop(false));
        }

        /** @return a fault that lets the call take effect, then closes the connection instead of answering */
        public Fault dropConnectionAfterProcessing() {
            return new Fault(method, path, times, new Drop(true));
        }

        /**
         * @param exitStatus the error text the task ends with
         * @return the fault
         */
        public Fault failTask(String exitStatus) {
            return new Fault(method, path, times, new TaskOutcome(exitStatus));
        }

        /**
         * @param warnings how many warnings
         * @return a fault ending the task with {@code WARNINGS: n}
         */
        public Fault taskWarnings(int warnings) {
            return new Fault(method, path, times, new TaskOutcome("WARNINGS: " + warnings));
        }
    }
}
