package dev.proximity.proxmox.simulator.ssh;

import java.util.List;
import java.util.Optional;

/**
 * The argv of a {@code pct} invocation, checked the way Proxmox's CLI checks it, with the messages
 * and exit code (255, as for any {@code die} in {@code pct}) it prints.
 *
 * @param vmid the container id
 * @param extraArgs the command for the container: the words after {@code --}
 * @param separated whether the command was introduced by {@code --}
 */
record PctArguments(int vmid, List<String> extraArgs, boolean separated) {

    /** {@code pct} exits with 255 whenever it refuses a call. */
    static final int PCT_FAILURE = 255;

    private static final String EXEC_USAGE = "pct exec <vmid> [<extra-args>] [OPTIONS]\n";
    private static final String PCT_USAGE = "USAGE: pct <COMMAND> [ARGS] [OPTIONS]\n";

    /** Copies the words. */
    PctArguments {
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * A refusal: what {@code pct} prints on standard error and its exit code.
     *
     * @param exitCode the exit code
     * @param stderr the message
     */
    record Refusal(int exitCode, String stderr) {
    }

    /**
     * Parses {@code argv}, whose first word is {@code pct}.
     *
     * @param argv the words, starting with {@code pct}
     * @return the arguments, or the refusal {@code pct} would print
     */
    static Parsed parse(List<String> argv) {
        if (argv.size() < 2) {
            return Parsed.refused("ERROR: no command specified\n" + PCT_USAGE);
        }
        if (!"exec".equals(argv.get(1))) {
            return Parsed.refused("ERROR: unknown command 'pct " + argv.get(1) + "'\n" + PCT_USAGE
                    + "(this simulated node serves only 'pct exec')\n");
        }
        if (argv.size() < 3) {
            return Parsed.refused("400 not enough arguments\n" + EXEC_USAGE);
        }
        String vmidText = argv.get(2);
        long vmid;
        try {
            vmid = Long.parseLong(vmidText);
        } catch (NumberFormatException e) {
            return Parsed.refused("400 Parameter verification failed.\nvmid: type check ('integer') failed - got '"
                    + vmidText + "'\n" + EXEC_USAGE);
        }
        if (vmid < 100) {
            return Parsed.refused("400 Parameter verification failed.\nvmid: value must have a minimum value of 100\n"
                    + EXEC_USAGE);
        }
        if (vmid > 999_999_999) {
            return Parsed.refused("400 Parameter verification failed.\nvmid: value must have a maximum value of 999999999\n"
                    + EXEC_USAGE);
        }
        List<String> rest = argv.subList(3, argv.size());
        boolean separated = !rest.isEmpty() && "--".equals(rest.get(0));
        List<String> extraArgs = separated ? rest.subList(1, rest.size()) : rest;
        return new Parsed(new PctArguments((int) vmid, extraArgs, separated), null);
    }

    /**
     * The script of {@code pct exec <vmid> -- sh -c <script>}, the only shape the simulator runs.
     *
     * @return the script, or empty when the container command has any other shape
     */
    Optional<String> shScript() {
        boolean shDashC = separated && extraArgs.size() == 3
                && "sh".equals(extraArgs.get(0)) && "-c".equals(extraArgs.get(1));
        return shDashC ? Optional.of(extraArgs.get(2)) : Optional.empty();
    }

    /**
     * @return the refusal for a container command of any shape other than {@code -- sh -c <script>}
     */
    Refusal unsupportedShape() {
        if (extraArgs.isEmpty()) {
            return new Refusal(PCT_FAILURE, "missing command\n");
        }
        return new Refusal(PCT_FAILURE, "400 unsupported by the simulated node: expected 'pct exec " + vmid
                + " -- sh -c <script>' but the container command was " + extraArgs.size() + " word(s) "
                + extraArgs + (separated ? "" : " without '--'") + "\n" + EXEC_USAGE);
    }

    /**
     * @param node the node asked
     * @return the refusal for a container that this node does not hold
     */
    Refusal noSuchContainer(String node) {
        return new Refusal(PCT_FAILURE, "Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist\n");
    }

    /**
     * @return the refusal for a stopped container
     */
    Refusal notRunning() {
        return new Refusal(PCT_FAILURE, "container '" + vmid + "' not running!\n");
    }

    /**
     * Either parsed arguments or a refusal.
     *
     * @param arguments the arguments, or null when refused
     * @param refusal the refusal, or null when parsed
     */
    record Parsed(PctArguments arguments, Refusal refusal) {
        static Parsed refused(String stderr) {
            return new Parsed(null, new Refusal(PCT_FAILURE, stderr));
        }
    }
}
