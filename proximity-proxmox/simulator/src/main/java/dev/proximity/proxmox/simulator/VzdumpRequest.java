package dev.proximity.proxmox.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parameters of {@code POST /nodes/{node}/vzdump}, checked as PVE checks them: the schema first
 * (every problem at once, HTTP 400), then vzdump's own rules one at a time.
 *
 * @param vmids the guests asked for, in order (empty with {@code all} or {@code pool})
 * @param all back up every guest of the node
 * @param exclude guests {@code all} leaves out
 * @param pool the pool asked for, or null
 * @param mode {@code snapshot}, {@code suspend} or {@code stop}
 * @param compress the archive's compression, as sent
 * @param storage the storage for the archive
 * @param remove whether to prune older backups after this one (default 1)
 * @param lockWaitMinutes how long to wait for another vzdump on the node
 * @param notesTemplate the notes template, or null
 * @param protect whether to mark the archive protected
 * @param retention the {@code prune-backups} sent, or null for the storage's
 * @param stop whether to stop the node's running backup first
 * @param commandLine the job as vzdump logs it
 */
record VzdumpRequest(List<Integer> vmids, boolean all, List<Integer> exclude, String pool, String mode, String compress,
                     String storage, boolean remove, int lockWaitMinutes, String notesTemplate, boolean protect,
                     BackupRetention retention, boolean stop, String commandLine) {

    private static final String UNKNOWN = "property is not defined in schema and the schema does not allow additional properties";
    private static final Set<String> PARAMS = Set.of("all", "bwlimit", "compress", "dumpdir", "exclude", "exclude-path",
            "fleecing", "ionice", "job-id", "lockwait", "mailnotification", "mailto", "maxfiles", "mode", "node",
            "notes-template", "notification-mode", "pbs-change-detection-mode", "performance", "pigz", "pool", "protected",
            "prune-backups", "quiet", "remove", "script", "stdexcludes", "stdout", "stop", "stopwait", "storage", "tmpdir",
            "vmid", "zstd");
    private static final Map<String, List<String>> ENUMS = Map.of(
            "compress", List.of("0", "1", "gzip", "lzo", "zstd"),
            "mode", List.of("snapshot", "suspend", "stop"),
            "mailnotification", List.of("always", "failure"),
            "notification-mode", List.of("auto", "legacy-sendmail", "notification-system"),
            "pbs-change-detection-mode", List.of("legacy", "data", "metadata"));
    private static final List<String> BOOLEANS = List.of("all", "protected", "quiet", "remove", "stdexcludes", "stdout", "stop");
    /** Integer parameters and their minimum (null: none). */
    private static final Map<String, Integer> INTEGERS = new TreeMap<>(Map.of("bwlimit", 0, "ionice", 0, "lockwait", 0,
            "maxfiles", 1, "stopwait", 0));
    private static final Set<String> UNBOUNDED_INTEGERS = Set.of("pigz", "zstd");
    private static final Set<String> ROOT_ONLY = Set.of("dumpdir", "script", "tmpdir", "job-id");
    private static final Pattern VMID = Pattern.compile("[1-9][0-9]{2,8}");
    private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern STORAGE_ID = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]", Pattern.CASE_INSENSITIVE);

    /**
     * @param node the node the call reached
     * @param params the call's parameters
     * @param user who calls, e.g. {@code root@pam!ci}
     * @return the checked request
     * @throws ApiError with PVE's parameter errors
     */
    static VzdumpRequest parse(String node, Map<String, String> params, String user) {
        Map<String, String> errors = new TreeMap<>();
        params.keySet().stream().filter(key -> !PARAMS.contains(key)).forEach(key -> errors.put(key, UNKNOWN));
        BOOLEANS.stream().filter(params::containsKey).forEach(key ->
                SimulatorState.collect(errors, () -> SimulatorState.parseStrictBoolean(key, params.get(key))));
        INTEGERS.forEach((key, min) -> {
            if (params.containsKey(key)) {
                SimulatorState.collect(errors, () -> SimulatorState.checkMin(key, params.get(key), min));
            }
        });
        UNBOUNDED_INTEGERS.stream().filter(params::containsKey).forEach(key ->
                SimulatorState.collect(errors, () -> SimulatorState.parseInt(key, params.get(key))));
        if (params.containsKey("ionice") && !errors.containsKey("ionice") && SimulatorState.parseInt("ionice", params.get("ionice")) > 8) {
            errors.put("ionice", "value must have a maximum value of 8");
        }
        ENUMS.forEach((key, values) -> {
            String value = params.get(key);
            if (value != null && !values.contains(value)) {
                errors.put(key, "value '" + value + "' does not have a value in the enumeration '" + String.join(", ", values) + "'");
            }
        });
        for (String list : List.of("vmid", "exclude")) {
            if (params.containsKey(list) && vmidList(params.get(list)) == null) {
                errors.put(list, "invalid format - value does not look like a valid VM ID");
            }
        }
        String storage = params.get("storage");
        if (storage != null && storageIdProblem(storage) != null) {
            errors.put("storage", "invalid format - " + storageIdProblem(storage));
        }
        if (params.containsKey("node") && !NODE.matcher(params.get("node")).matches()) {
            errors.put("node", "invalid format - value does not look like a valid node name");
        }
        String notes = params.get("notes-template");
        if (notes != null && notes.length() > 1024) {
            errors.put("notes-template", "value may only be 1024 characters long");
        }
        String jobId = params.get("job-id");
        if (jobId != null && jobId.length() > 50) {
            errors.put("job-id", "value may only be 50 characters long");
        } else if (jobId != null && !jobId.matches("\\S+")) {
            errors.put("job-id", "value does not match the regex pattern");
        }
        BackupRetention retention = null;
        if (params.containsKey("prune-backups")) {
            try {
                retention = BackupRetention.parse(params.get("prune-backups"));
            } catch (IllegalArgumentException e) {
                errors.put("prune-backups", "invalid format - " + e.getMessage());
            }
        }
        for (String needsStorage : List.of("notes-template", "protected")) {
            if (params.containsKey(needsStorage) && storage == null) {
                errors.put("storage", "missing property required by '" + needsStorage + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        checkCodeRules(node, params, user);
        boolean all = flag(params, "all", false) || (params.containsKey("exclude") && !params.containsKey("pool"));
        boolean stop = flag(params, "stop", false);
        List<Integer> vmids = params.containsKey("vmid") ? vmidList(params.get("vmid")) : List.of();
        if (!all && !stop && !params.containsKey("pool") && vmids.isEmpty()) {
            throw ApiError.parameter("vmid", "property is missing");
        }
        return new VzdumpRequest(vmids, all, params.containsKey("exclude") ? vmidList(params.get("exclude")) : List.of(),
                params.get("pool"), params.getOrDefault("mode", "snapshot"), params.getOrDefault("compress", "0"),
                storage == null ? "local" : storage, flag(params, "remove", true),
                params.containsKey("lockwait") ? SimulatorState.parseInt("lockwait", params.get("lockwait")) : 180,
                notes, flag(params, "protected", false), retention, stop, commandLine(params));
    }

    /** The checks vzdump's code makes after the schema's, each failing alone. */
    private static void checkCodeRules(String node, Map<String, String> params, String user) {
        if (params.containsKey("node") && !params.get("node").equals(node)) {
            throw ApiError.parameter("node", "option is only allowed on the command line interface.");
        }
        if (flag(params, "stdout", false)) {
            throw ApiError.parameter("stdout", "option is only allowed on the command line interface.");
        }
        for (String rootOnly : ROOT_ONLY) {
            if (params.containsKey(rootOnly) && !user.equals("root@pam")) {
                throw ApiError.parameter(rootOnly, "Only root may set this option.");
            }
        }
        for (String conflicting : List.of("all", "exclude", "pool")) {
            boolean given = conflicting.equals("all") ? flag(params, "all", false) : params.containsKey(conflicting);
            if (given && params.containsKey("vmid") && !params.get("vmid").isBlank()) {
                throw ApiError.parameter(conflicting, "option conflicts with option 'vmid'");
            }
        }
        String notes = params.get("notes-template");
        if (notes != null && notes.contains("\n")) {
            throw ApiError.parameter("notes-template", "contains a line feed");
        }
    }

    /** @return the ids of a pve-vmid-list (separated by commas, semicolons or blanks), or null when one is not a vmid */
    private static List<Integer> vmidList(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String item : text.trim().split("[,;\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            if (!VMID.matcher(item).matches()) {
                return null;
            }
            ids.add(Integer.parseInt(item));
        }
        return ids;
    }

    /** @return PVE's complaint about a storage id, or null when it is one */
    static String storageIdProblem(String id) {
        if (id.length() < 2) {
            return "storage ID '" + id + "' cannot be shorter than 2 characters";
        }
        return STORAGE_ID.matcher(id).matches() ? null : "storage ID '" + id + "' contains illegal characters";
    }

    private static boolean flag(Map<String, String> params, String name, boolean otherwise) {
        return params.containsKey(name) ? SimulatorState.parseStrictBoolean(name, params.get(name)) : otherwise;
    }

    /** As vzdump logs its job: the guests, then every option (sorted here; PVE's order is a hash's). */
    private static String commandLine(Map<String, String> params) {
        StringBuilder line = new StringBuilder("vzdump");
        if (params.containsKey("vmid")) {
            line.append(' ').append(vmidList(params.get("vmid")).stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        new TreeMap<>(params).forEach((key, value) -> {
            if (!key.equals("vmid") && !key.equals("stdout")) {
                line.append(" --").append(key).append(' ').append(value.matches(".*\\s.*") ? "'" + value + "'" : value);
            }
        });
        return line.toString();
    }
}
