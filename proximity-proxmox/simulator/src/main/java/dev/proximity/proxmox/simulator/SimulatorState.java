package dev.proximity.proxmox.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The simulated cluster: nodes, containers and tasks, with the checks and messages a real node
 * applies. Every public-facing operation takes the one lock, so concurrent clients see a
 * consistent cluster; tasks finish on a scheduler thread.
 */
final class SimulatorState {

    private static final long MIB = 1L << 20;
    private static final int FIRST_VMID = 100;
    private static final int MAX_TASKS = 10_000;
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final Pattern TAG = Pattern.compile("[a-z0-9_][a-z0-9_+.\\-]*", Pattern.CASE_INSENSITIVE);
    private static final Set<String> CREATE_PARAMS = Set.of("vmid", "ostemplate", "hostname", "cores", "memory", "swap",
            "rootfs", "features", "unprivileged", "password", "ssh-public-keys", "start", "description", "tags",
            "storage", "onboot", "nameserver", "searchdomain", "arch", "ostype", "pool", "force", "restore", "unique", "cpulimit",
            "cpuunits", "timezone", "net0", "net1", "net2", "net3");
    private static final Set<String> CONFIG_PARAMS = Set.of("hostname", "cores", "memory", "swap", "features",
            "description", "tags", "onboot", "nameserver", "searchdomain", "cpulimit", "cpuunits", "timezone",
            "net0", "net1", "net2", "net3", "delete", "digest", "mp0", "mp1", "mp2", "mp3", "dev0", "dev1");

    private final SimulatorSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ContainerDisks disks;
    private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
    private final Map<Integer, SimContainer> containers = new TreeMap<>();
    private final Map<String, SimTask> tasks = new LinkedHashMap<>();
    private final Map<Integer, SimVm> vms = new TreeMap<>();
    private final SimulatedBackups backups;
    private final SimulatedRestores restores;
    private final long bootEpochSeconds = System.currentTimeMillis() / 1000;
    private int nextPid = 0x1A2B3;
    private long nextPstart = 0xC4D5E6;

    SimulatorState(List<SimulatedNode> initialNodes, SimulatorSettings settings, ScheduledExecutorService scheduler,
                   ContainerDisks disks) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.disks = disks;
        initialNodes.forEach(node -> nodes.put(node.name(), node));
        BackupArchives archives = new BackupArchives(disks);
        this.backups = new SimulatedBackups(this, settings, scheduler, archives);
        this.restores = new SimulatedRestores(this, settings, scheduler, disks, archives);
    }

    // ---- nodes ------------------------------------------------------------------------------

    synchronized List<Map<String, Object>> nodesJson(String fingerprint) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimulatedNode node : nodes.values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("node", node.name());
            json.put("status", node.status());
            json.put("id", "node/" + node.name());
            json.put("type", "node");
            json.put("level", "");
            json.put("ssl_fingerprint", fingerprint);
            // Real clusters report no load figures for nodes they cannot reach.
            if (node.status().equals("online")) {
                json.put("cpu", 0.03);
                json.put("maxcpu", node.maxCpu());
                json.put("mem", memUsed(node));
                json.put("maxmem", node.maxMemBytes());
                json.put("disk", 3L << 30);
                json.put("maxdisk", 100L << 30);
                json.put("uptime", System.currentTimeMillis() / 1000 - bootEpochSeconds + 86_400);
            }
            list.add(json);
        }
        return list;
    }

    private long memUsed(SimulatedNode node) {
        long containersMem = containers.values().stream()
                .filter(ct -> ct.node.equals(node.name()) && ct.running)
                .mapToLong(ct -> ct.memoryMb() * MIB)
                .sum();
        return node.maxMemBytes() / 32 + containersMem;
    }

    synchronized void setNodeStatus(String name, String status) {
        SimulatedNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no simulated node '" + name + "'");
        }
        nodes.put(name, node.withStatus(status));
    }

    synchronized List<SimulatedNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Every node-scoped call goes through the node it names, as the API proxies to it. */
    SimulatedNode requireReachableNode(String name) {
        SimulatedNode node = nodes.get(name);
        if (node == null) {
            throw ApiError.server("hostname lookup '" + name + "' failed - failed to get address info for: "
                    + name + ": Name or service not known");
        }
        if (!node.status().equals("online")) {
            throw ApiError.status(595, "Errors during connection establishment, proxy handshake: No route to host");
        }
        return node;
    }

    // ---- vmids ------------------------------------------------------------------------------

    synchronized String nextId(String requested) {
        if (requested != null) {
            int vmid = parseVmid(requested);
            if (containers.containsKey(vmid) || vms.containsKey(vmid)) {
                throw ApiError.parameter("vmid", "VM " + vmid + " already exists");
            }
            return Integer.toString(vmid);
        }
        int candidate = FIRST_VMID;
        while (containers.containsKey(candidate) || vms.containsKey(candidate)) {
            candidate++;
        }
        return Integer.toString(candidate);
    }

    static int parseVmid(String text) {
        int vmid = parseInt("vmid", text);
        if (vmid < FIRST_VMID) {
            throw ApiError.parameter("vmid", "value must have a minimum value of 100");
        }
        if (vmid > 999_999_999) {
            throw ApiError.parameter("vmid", "value must have a maximum value of 999999999");
        }
        return vmid;
    }

    static int parseInt(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.parameter(name, "type check ('integer') failed - got '" + text + "'");
        }
    }

    static boolean parseBoolean(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw ApiError.parameter(name, "type check ('boolean') failed - got '" + text + "'");
        };
    }

    // ---- create -----------------------------------------------------------------------------

    synchronized String create(String nodeName, Map<String, String> params, String user, String outcome) {
        requireReachableNode(nodeName);
        Map<String, String> errors = new TreeMap<>();
        params.keySet().stream().filter(key -> !CREATE_PARAMS.contains(key)).forEach(key ->
                errors.put(key, "property is not defined in schema and the schema does not allow additional properties"));
        for (String required : List.of("vmid", "ostemplate")) {
            if (!params.containsKey(required)) {
                errors.put(required, "property is missing and it is not optional");
            }
        }
        String password = params.get("password");
        if (password != null && password.length() < 5) {
            errors.put("password", "value must be at least 5 characters long");
        }
        String hostname = params.get("hostname");
        if (hostname != null && !DNS_NAME.matcher(hostname).matches()) {
            errors.put("hostname", "invalid format - value does not look like a valid DNS name");
        }
        String tags = params.get("tags");
        if (tags != null && !Arrays.stream(tags.split("[;, ]+")).allMatch(tag -> TAG.matcher(tag).matches())) {
            errors.put("tags", "invalid format - invalid characters in tag");
        }
        collect(errors, () -> checkMin("memory", params.get("memory"), 16));
        collect(errors, () -> checkMin("cores", params.get("cores"), 1));
        collect(errors, () -> checkMin("swap", params.get("swap"), 0));
        for (String flag : List.of("unprivileged", "start", "onboot")) {
            collect(errors, () -> { if (params.containsKey(flag)) { parseBoolean(flag, params.get(flag)); } });
        }
        for (String flag : List.of("force", "restore", "unique")) {
            collect(errors, () -> { if (params.containsKey(flag)) { parseStrictBoolean(flag, params.get(flag)); } });
        }
        if (params.containsKey("unique") && !params.containsKey("restore")) {
            // PVE's validator reports a missing required property under the required one's name
            errors.put("restore", "missing property required by 'unique'");
        }
        collect(errors, () -> { if (params.containsKey("vmid")) { parseVmid(params.get("vmid")); } });
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        int vmid = parseVmid(params.get("vmid"));
        if (params.containsKey("restore") && parseStrictBoolean("restore", params.get("restore"))) {
            return restores.restore(nodeName, vmid, params, user, outcome);
        }
        SimContainer existing = containers.get(vmid);
        if (existing != null) {
            String taken = "CT " + vmid + " already exists on node '" + existing.node + "'";
            // A creator that passed the early check while another create was under way fails when it
            // tries to write the config, which PVE reports with this prefix.
            throw ApiError.server("create".equals(existing.lock) ? "unable to create CT " + vmid + " - " + taken : taken);
        }
        SimVm vm = vms.get(vmid);
        if (vm != null) {
            throw ApiError.server("unable to create CT " + vmid + " - VM " + vmid + " already exists on node '" + vm.node() + "'");
        }
        String template = params.get("ostemplate");
        if (!template.matches("[a-zA-Z][a-zA-Z0-9_.-]*:.+")) {
            throw ApiError.server("unable to parse volume ID '" + template + "'");
        }
        SimContainer ct = new SimContainer(vmid, nodeName, newConfig(vmid, params), disks.create(vmid));
        ct.lock = "create";
        containers.put(vmid, ct);
        boolean startAfter = params.containsKey("start") && parseBoolean("start", params.get("start"));
        String templateFile = template.substring(template.indexOf(':') + 1);
        return startTask(nodeName, "vzcreate", vmid, user, outcome, List.of(
                        "  Logical volume \"vm-" + vmid + "-disk-0\" created.",
                        "extracting archive '/var/lib/vz/template/cache/" + templateFile.replace("vztmpl/", "") + "'",
                        "Total bytes read: 524288000 (500MiB, 250MiB/s)",
                        "Detected container architecture: amd64"),
                success -> {
                    if (success) {
                        ct.lock = null;
                        ct.running = startAfter;
                    } else {
                        // PVE removes what a failed create left behind.
                        containers.remove(vmid);
                        disks.destroy(ct.disk);
                    }
                });
    }

    static void collect(Map<String, String> errors, Runnable check) {
        try {
            check.run();
        } catch (ApiError e) {
            errors.putAll(e.fieldErrors());
        }
    }

    static void checkMin(String name, String value, int min) {
        if (value != null && parseInt(name, value) < min) {
            throw ApiError.parameter(name, "value must have a minimum value of " + min);
        }
    }

    private Map<String, Object> newConfig(int vmid, Map<String, String> params) {
        Map<String, Object> config = new TreeMap<>();
        config.put("arch", params.getOrDefault("arch", "amd64"));
        config.put("cores", Integer.parseInt(params.getOrDefault("cores", "1")));
        config.put("memory", Integer.parseInt(params.getOrDefault("memory", "512")));
        config.put("swap", Integer.parseInt(params.getOrDefault("swap", "512")));
        config.put("hostname", params.getOrDefault("hostname", "CT" + vmid));
        String template = params.get("ostemplate");
        config.put("ostype", params.getOrDefault("ostype", ostypeOf(template)));
        String rootfs = params.getOrDefault("rootfs", "local-lvm:4");
        String[] storageAndSize = rootfs.split(":", 2);
        String size = storageAndSize.length == 2 && storageAndSize[1].matches("\\d+") ? storageAndSize[1] : "4";
        config.put("rootfs", storageAndSize[0] + ":vm-" + vmid + "-disk-0,size=" + size + "G");
        String hwaddr = String.format("BC:24:11:%02X:%02X:%02X", (vmid >> 16) & 0xFF, (vmid >> 8) & 0xFF, vmid & 0xFF);
        for (int i = 0; i < 4; i++) {
            String net = params.get("net" + i);
            if (net != null) {
                config.put("net" + i, net.contains("hwaddr=") ? net : net.replaceFirst("(name=[^,]+)", "$1,hwaddr=" + hwaddr) + ",type=veth");
            }
        }
        boolean unprivileged = params.containsKey("unprivileged")
                ? parseBoolean("unprivileged", params.get("unprivileged"))
                : settings.flavor() == ApiFlavor.CURRENT;
        if (unprivileged) {
            config.put("unprivileged", 1);
        }
        putIfPresent(config, params, "features");
        putIfPresent(config, params, "description");
        putIfPresent(config, params, "nameserver");
        putIfPresent(config, params, "searchdomain");
        if (params.containsKey("onboot")) {
            config.put("onboot", parseBoolean("onboot", params.get("onboot")) ? 1 : 0);
        }
        if (params.containsKey("tags")) {
            config.put("tags", normalizeTags(params.get("tags")));
        }
        return config;
    }

    /** PVE reads the OS type from the template; its file name starts with the distribution. */
    private static String ostypeOf(String template) {
        String file = template.substring(template.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (String ostype : List.of("debian", "devuan", "ubuntu", "centos", "fedora", "opensuse", "archlinux", "alpine",
                "gentoo", "nixos", "rockylinux", "almalinux")) {
            if (file.startsWith(ostype)) {
                return ostype;
            }
        }
        return "unmanaged";
    }

    private static void putIfPresent(Map<String, Object> config, Map<String, String> params, String key) {
        if (params.containsKey(key)) {
            config.put(key, params.get(key));
        }
    }

    /** PVE stores tags sorted, separated by semicolons, whatever separator the caller used. */
    static String normalizeTags(String tags) {
        return Arrays.stream(tags.split("[;, ]+")).filter(tag -> !tag.isEmpty()).distinct().sorted()
                .collect(Collectors.joining(";"));
    }

    // ---- power ------------------------------------------------------------------------------

    synchronized String start(String node, int vmid, String user, String outcome) {
        SimContainer ct = requireUnlocked(node, vmid);
        if (ct.running) {
            throw ApiError.server("CT " + vmid + " already running");
        }
        return startTask(node, "vzstart", vmid, user, outcome, List.of(), success -> ct.running = ct.running || success);
    }

    synchronized String stop(String node, int vmid, String user, String outcome) {
        SimContainer ct = requireRunning(node, vmid);
        return startTask(node, "vzstop", vmid, user, outcome, List.of(), success -> ct.running = ct.running && !success);
    }

    synchronized String shutdown(String node, int vmid, Map<String, String> params, String user, String outcome) {
        SimContainer ct = requireRunning(node, vmid);
        if (params.containsKey("timeout")) {
            checkMin("timeout", params.get("timeout"), 0);
        }
        if (params.containsKey("forceStop")) {
            parseBoolean("forceStop", params.get("forceStop"));
        }
        return startTask(node, "vzshutdown", vmid, user, outcome, List.of(), success -> ct.running = ct.running && !success);
    }

    synchronized String reboot(String node, int vmid, String user, String outcome) {
        SimContainer ct = requireRunning(node, vmid);
        return startTask(node, "vzreboot", vmid, user, outcome, List.of(), success -> ct.running = true);
    }

    synchronized String delete(String node, int vmid, Map<String, String> params, String user, String outcome) {
        SimContainer ct = requireUnlocked(node, vmid);
        boolean force = params.containsKey("force") && parseBoolean("force", params.get("force"));
        for (String flag : List.of("purge", "destroy-unreferenced-disks")) {
            if (params.containsKey(flag)) {
                parseBoolean(flag, params.get(flag));
            }
        }
        if (ct.running && !force) {
            throw ApiError.server("unable to destroy CT " + vmid + " - container is running");
        }
        ct.lock = "destroyed";
        return startTask(node, "vzdestroy", vmid, user, outcome,
                List.of("  Logical volume \"vm-" + vmid + "-disk-0\" successfully removed."),
                success -> {
                    if (success) {
                        containers.remove(vmid);
                        disks.destroy(ct.disk);
                    } else {
                        ct.lock = null;
                    }
                });
    }

    private SimContainer requireRunning(String node, int vmid) {
        SimContainer ct = requireUnlocked(node, vmid);
        if (!ct.running) {
            throw ApiError.server("CT " + vmid + " not running");
        }
        return ct;
    }

    private SimContainer requireUnlocked(String node, int vmid) {
        SimContainer ct = require(node, vmid);
        if (ct.lock != null) {
            throw ApiError.server("CT " + vmid + " is locked (" + ct.lock + ")");
        }
        return ct;
    }

    private SimContainer require(String node, int vmid) {
        requireReachableNode(node);
        SimContainer ct = containers.get(vmid);
        if (ct == null || !ct.node.equals(node)) {
            throw ApiError.server("Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist");
        }
        return ct;
    }

    // ---- reads ------------------------------------------------------------------------------

    synchronized Map<String, Object> statusCurrent(String node, int vmid) {
        return statusJson(require(node, vmid), true);
    }

    synchronized List<Map<String, Object>> list(String node) {
        requireReachableNode(node);
        return containers.values().stream().filter(ct -> ct.node.equals(node))
                .map(ct -> statusJson(ct, settings.flavor() == ApiFlavor.CURRENT))
                .collect(Collectors.toList());
    }

    private Map<String, Object> statusJson(SimContainer ct, boolean numericVmid) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vmid", numericVmid ? (Object) ct.vmid : Integer.toString(ct.vmid));
        json.put("name", ct.hostname());
        json.put("type", "lxc");
        json.put("status", ct.running ? "running" : "stopped");
        if (ct.running) {
            json.put("pid", 20_000 + ct.vmid);
        }
        json.put("uptime", ct.running ? 3712 : 0);
        json.put("cpu", ct.running ? 0.0123 : 0);
        json.put("cpus", ct.config.get("cores"));
        json.put("mem", ct.running ? 73_420_800L : 0L);
        json.put("maxmem", ct.memoryMb() * MIB);
        json.put("swap", 0);
        json.put("maxswap", ((Number) ct.config.get("swap")).longValue() * MIB);
        json.put("disk", ct.running ? 612_368_384L : 0L);
        json.put("maxdisk", 8_589_934_592L);
        json.put("netin", ct.running ? 123_456 : 0);
        json.put("netout", ct.running ? 7890 : 0);
        if (ct.lock != null) {
            json.put("lock", ct.lock);
        }
        if (ct.config.containsKey("tags")) {
            json.put("tags", ct.config.get("tags"));
        }
        return json;
    }

    synchronized Map<String, Object> config(String node, int vmid) {
        SimContainer ct = require(node, vmid);
        Map<String, Object> json = new TreeMap<>(ct.config);
        if (ct.lock != null) {
            json.put("lock", ct.lock);
        }
        json.put("digest", ct.digest());
        return json;
    }

    synchronized void putConfig(String node, int vmid, Map<String, String> params) {
        SimContainer ct = require(node, vmid);
        Map<String, String> errors = new TreeMap<>();
        params.keySet().stream().filter(key -> !CONFIG_PARAMS.contains(key)).forEach(key ->
                errors.put(key, "property is not defined in schema and the schema does not allow additional properties"));
        collect(errors, () -> checkMin("memory", params.get("memory"), 16));
        collect(errors, () -> checkMin("cores", params.get("cores"), 1));
        collect(errors, () -> checkMin("swap", params.get("swap"), 0));
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        if (ct.lock != null) {
            throw ApiError.server("CT " + vmid + " is locked (" + ct.lock + ")");
        }
        String digest = params.get("digest");
        if (digest != null && !digest.equals(ct.digest())) {
            throw ApiError.server("detected modified configuration - file changed by other user? Try again.");
        }
        params.forEach((key, value) -> {
            switch (key) {
                case "digest", "delete" -> { }
                case "cores", "memory", "swap", "cpuunits" -> ct.config.put(key, Integer.parseInt(value));
                case "tags" -> ct.config.put(key, normalizeTags(value));
                default -> ct.config.put(key, value);
            }
        });
        if (params.containsKey("delete")) {
            Arrays.stream(params.get("delete").split("[,; ]+")).forEach(ct.config::remove);
        }
    }

    synchronized List<Map<String, Object>> interfaces(String node, int vmid) {
        SimContainer ct = require(node, vmid);
        if (!ct.running) {
            return null;
        }
        String net0 = String.valueOf(ct.config.getOrDefault("net0", ""));
        String hwaddr = option(net0, "hwaddr").orElse("BC:24:11:00:00:00").toLowerCase(Locale.ROOT);
        String inet = option(net0, "ip").filter(ip -> ip.contains("/"))
                .orElse("10.10." + ((ct.vmid >> 8) & 0xFF) + "." + (ct.vmid & 0xFF) + "/24");
        String inet6 = "fe80::be24:11ff:fe" + hwaddr.substring(9, 11) + ":" + hwaddr.substring(12, 14) + hwaddr.substring(15, 17) + "/64";
        List<Map<String, Object>> list = new ArrayList<>();
        list.add(interfaceJson("lo", "00:00:00:00:00:00", "127.0.0.1/8", "::1/128"));
        list.add(interfaceJson("eth0", hwaddr, inet, inet6));
        return list;
    }

    private Map<String, Object> interfaceJson(String name, String hwaddr, String inet, String inet6) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("hwaddr", hwaddr);
        json.put("inet", inet);
        json.put("inet6", inet6);
        if (settings.flavor() == ApiFlavor.CURRENT) {
            json.put("ip-addresses", List.of(address(inet, "inet"), address(inet6, "inet6")));
        }
        return json;
    }

    private static Map<String, Object> address(String withPrefix, String type) {
        String[] parts = withPrefix.split("/", 2);
        return Map.of("ip-address", parts[0], "prefix", Integer.parseInt(parts[1]), "ip-address-type", type);
    }

    private static Optional<String> option(String netSpec, String key) {
        return Arrays.stream(netSpec.split(",")).filter(part -> part.startsWith(key + "="))
                .map(part -> part.substring(key.length() + 1)).findFirst();
    }

    /** Adds a container directly, as if created long ago (tests and benchmarks seed large clusters this way). */
    synchronized void seed(String nodeName, int vmid, String hostname, List<String> tags, String description, boolean running) {
        if (!nodes.containsKey(nodeName)) {
            throw new IllegalArgumentException("no simulated node '" + nodeName + "'");
        }
        if (containers.containsKey(vmid) || vms.containsKey(vmid)) {
            throw new IllegalArgumentException("CT " + vmid + " already exists");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        params.put("hostname", hostname);
        params.put("net0", "name=eth0,bridge=vmbr0,ip=dhcp");
        if (!tags.isEmpty()) {
            params.put("tags", String.join(";", tags));
        }
        if (description != null) {
            params.put("description", description);
        }
        SimContainer ct = new SimContainer(vmid, nodeName, newConfig(vmid, params), disks.create(vmid));
        ct.running = running;
        containers.put(vmid, ct);
    }

    synchronized Optional<SimulatedContainer> container(int vmid) {
        return Optional.ofNullable(containers.get(vmid)).map(SimContainer::snapshot);
    }

    synchronized List<SimulatedContainer> containers() {
        return containers.values().stream().map(SimContainer::snapshot).toList();
    }

    // ---- clone ------------------------------------------------------------------------------

    /**
     * {@code POST .../clone}: a full copy under {@code newid}, locked {@code create} while the task
     * runs, with the source locked {@code disk}; a running source only from a snapshot; bind
     * mounts cannot be cloned. A failed clone leaves nothing.
     */
    synchronized String cloneContainer(String node, int vmid, Map<String, String> params, String user, String outcome) {
        refuseUnknown(params, Set.of("newid", "hostname", "description", "pool", "snapname", "storage", "full", "target",
                "bwlimit"));
        if (!params.containsKey("newid")) {
            throw ApiError.parameter("newid", "property is missing and it is not optional");
        }
        int newid = parseVmid(params.get("newid"));
        String hostname = params.get("hostname");
        if (hostname != null && !DNS_NAME.matcher(hostname).matches()) {
            throw ApiError.parameter("hostname", "invalid format - value does not look like a valid DNS name");
        }
        if (params.containsKey("full")) {
            parseStrictBoolean("full", params.get("full"));
        }
        String snapname = params.get("snapname");
        if (snapname != null) {
            snapshotName(snapname, true);
        }
        SimContainer source = requireUnlocked(node, vmid);
        if (containers.containsKey(newid) || vms.containsKey(newid)) {
            throw ApiError.server("CT " + newid + " already exists");
        }
        if (snapname != null && !source.snapshots.containsKey(snapname)) {
            throw ApiError.server("snapshot '" + snapname + "' does not exist");
        }
        if (source.running && snapname == null) {
            throw ApiError.server("Full clone of a running container is only possible from a snapshot.");
        }
        for (Map.Entry<String, Object> entry : source.config.entrySet()) {
            if (entry.getKey().matches("mp\\d+|dev\\d+") && String.valueOf(entry.getValue()).startsWith("/")) {
                throw ApiError.server("unable to clone mountpoint '" + entry.getKey() + "' (type bind)");
            }
        }
        Map<String, Object> config = new TreeMap<>(snapname == null ? source.config : source.snapshots.get(snapname).config());
        if (hostname != null) {
            config.put("hostname", hostname);
        }
        if (params.containsKey("description")) {
            config.put("description", params.get("description"));
        }
        Object rootfs = config.get("rootfs");
        if (rootfs != null) {
            config.put("rootfs", rootfs.toString().replaceFirst("vm-\\d+-disk-0", "vm-" + newid + "-disk-0"));
        }
        SimContainer clone = new SimContainer(newid, node, config, disks.create(newid));
        ContainerDisks.copyTree(source.disk, clone.disk);
        clone.lock = "create";
        source.lock = "disk";
        containers.put(newid, clone);
        return startTask(node, "vzclone", vmid, user, outcome, List.of("create full clone of CT " + vmid + " as CT " + newid),
                success -> {
                    source.lock = null;
                    if (success) {
                        clone.lock = null;
                    } else {
                        containers.remove(newid);
                        disks.destroy(clone.disk);
                    }
                });
    }

    // ---- migrate ----------------------------------------------------------------------------

    /**
     * {@code POST .../migrate}: LXC moves only stopped or in restart mode (shut down, moved, started
     * on the target); local bind mounts and devices abort the task; a failed move in restart mode
     * starts the container again on the source.
     */
    synchronized String migrate(String node, int vmid, Map<String, String> params, String user, String outcome) {
        refuseUnknown(params, Set.of("target", "restart", "online", "timeout", "target-storage", "bwlimit"));
        String target = params.get("target");
        if (target == null) {
            throw ApiError.parameter("target", "property is missing and it is not optional");
        }
        boolean restart = params.containsKey("restart") && parseStrictBoolean("restart", params.get("restart"));
        boolean online = params.containsKey("online") && parseStrictBoolean("online", params.get("online"));
        if (params.containsKey("timeout")) {
            parseInt("timeout", params.get("timeout"));
        }
        if (target.equals(node)) {
            throw ApiError.parameter("target", "target is local node.");
        }
        SimulatedNode to = nodes.get(target);
        if (to == null) {
            throw ApiError.server("no such cluster node '" + target + "'");
        }
        SimContainer ct = requireUnlocked(node, vmid);
        if (online) {
            throw ApiError.server("lxc live migration is currently not implemented");
        }
        if (ct.running && !restart) {
            throw ApiError.server("can't migrate running container without --online or --restart");
        }
        String blocked = null;
        for (Map.Entry<String, Object> entry : ct.config.entrySet()) {
            String value = String.valueOf(entry.getValue());
            if (entry.getKey().matches("mp\\d+") && value.startsWith("/") && !value.contains("shared=1")) {
                blocked = "cannot migrate local bind mount point '" + entry.getKey() + "'";
            } else if (entry.getKey().matches("dev\\d+")) {
                blocked = "cannot migrate local device";
            }
        }
        if (blocked == null && !online(to)) {
            blocked = "migration aborted: could not reach node '" + target + "'";
        }
        boolean wasRunning = ct.running;
        ct.lock = "migrate";
        ct.running = false;
        String exit = outcome != null ? outcome : blocked;
        return startTask(node, "vzmigrate", vmid, user, exit, List.of("starting migration of CT " + vmid + " to node '" + target
                + "'"), success -> {
            ct.lock = null;
            if (success) {
                ct.node = target;
            }
            ct.running = wasRunning;
        });
    }

    // ---- resize -----------------------------------------------------------------------------

    private static final Pattern SIZE = Pattern.compile("(\\+?)(\\d+(?:\\.\\d+)?)([KMGT]?)");

    /** {@code PUT .../resize}: grows a volume in a task; a smaller or equal size is refused, as PVE does. */
    synchronized String resize(String node, int vmid, Map<String, String> params, String user, String outcome) {
        refuseUnknown(params, Set.of("disk", "size", "digest"));
        Map<String, String> errors = new TreeMap<>();
        String disk = params.get("disk");
        String size = params.get("size");
        if (disk == null) {
            errors.put("disk", "property is missing and it is not optional");
        } else if (!disk.equals("rootfs") && !disk.matches("mp(\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])")) {
            errors.put("disk", "value '" + disk + "' does not have a value in the enumeration 'rootfs, mp0, ...'");
        }
        if (size == null) {
            errors.put("size", "property is missing and it is not optional");
        } else if (!SIZE.matcher(size).matches()) {
            errors.put("size", "value does not match the regex pattern");
        }
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        SimContainer ct = requireUnlocked(node, vmid);
        String volume = ct.config.get(disk) == null ? null : ct.config.get(disk).toString();
        if (volume == null) {
            throw ApiError.server("unable to parse config line: " + disk + " is not configured");
        }
        java.util.regex.Matcher current = Pattern.compile("size=(\\d+)G").matcher(volume);
        long currentGiB = current.find() ? Long.parseLong(current.group(1)) : 0;
        java.util.regex.Matcher wanted = SIZE.matcher(size);
        wanted.matches();
        double amount = Double.parseDouble(wanted.group(2));
        double giB = switch (wanted.group(3)) {
            case "K" -> amount / (1 << 20);
            case "M" -> amount / 1024;
            case "T" -> amount * 1024;
            default -> wanted.group(3).isEmpty() ? amount / (1L << 30) : amount;
        };
        long newGiB = (long) Math.ceil(wanted.group(1).isEmpty() ? giB : currentGiB + giB);
        if (newGiB < currentGiB) {
            throw ApiError.server("unable to shrink disk size");
        }
        if (newGiB == currentGiB) {
            throw ApiError.server("disk is already at specified size");
        }
        String resized = volume.replaceFirst("size=\\d+G", "size=" + newGiB + "G");
        return startTask(node, "resize", vmid, user, outcome, List.of("resize " + disk + " to " + newGiB + "G"), success -> {
            if (success) {
                ct.config.put(disk, resized);
            }
        });
    }

    // ---- snapshots --------------------------------------------------------------------------

    private static final Pattern CONFIG_ID = Pattern.compile("[a-z][a-z0-9_-]+", Pattern.CASE_INSENSITIVE);
    /** Storage types whose volumes can be snapshotted (a directory storage cannot). */
    static final Set<String> SNAPSHOT_STORAGES = Set.of("local-lvm");

    synchronized List<Map<String, Object>> snapshots(String node, int vmid, Map<String, String> params) {
        refuseUnknown(params, Set.of());
        SimContainer ct = require(node, vmid);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimSnapshot snapshot : ct.snapshots.values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", snapshot.name());
            json.put("description", snapshot.description());
            json.put("snaptime", snapshot.snaptime());
            if (snapshot.parent() != null) {
                json.put("parent", snapshot.parent());
            }
            list.add(json);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("name", "current");
        current.put("description", "You are here!");
        current.put("running", ct.running ? 1 : 0);
        current.put("digest", ct.digest());
        if (ct.currentParent != null) {
            current.put("parent", ct.currentParent);
        }
        list.add(current);
        return list;
    }

    synchronized String createSnapshot(String node, int vmid, Map<String, String> params, String user, String outcome) {
        refuseUnknown(params, Set.of("snapname", "description"));
        String name = snapshotName(params.get("snapname"), true);
        SimContainer ct = requireUnlocked(node, vmid);
        if (name.equals("current") || name.equals("vzdump")) {
            throw ApiError.server("snapshot name '" + name + "' is reserved");
        }
        if (ct.snapshots.containsKey(name)) {
            throw ApiError.server("snapshot name '" + name + "' already used");
        }
        String storage = String.valueOf(ct.config.get("rootfs")).split(":", 2)[0];
        if (!SNAPSHOT_STORAGES.contains(storage)) {
            throw ApiError.server("snapshot feature is not available");
        }
        String description = params.getOrDefault("description", "");
        ct.lock = "snapshot";
        return startTask(node, "vzsnapshot", vmid, user, outcome, List.of("create snapshot '" + name + "'"), success -> {
            ct.lock = null;
            if (success) {
                ct.snapshots.put(name, new SimSnapshot(name, description, System.currentTimeMillis() / 1000, ct.currentParent,
                        new TreeMap<>(ct.config)));
                ct.currentParent = name;
            }
        });
    }

    synchronized String rollbackSnapshot(String node, int vmid, String name, Map<String, String> params, String user,
                                         String outcome) {
        refuseUnknown(params, Set.of("start"));
        snapshotName(name, false);
        boolean start = params.containsKey("start") && parseStrictBoolean("start", params.get("start"));
        SimContainer ct = requireUnlocked(node, vmid);
        SimSnapshot snapshot = ct.snapshots.get(name);
        if (snapshot == null) {
            throw ApiError.server("snapshot '" + name + "' does not exist");
        }
        ct.lock = "rollback";
        return startTask(node, "vzrollback", vmid, user, outcome, List.of("rollback to snapshot '" + name + "'"), success -> {
            ct.lock = null;
            if (success) {
                ct.running = false;
                ct.config.clear();
                ct.config.putAll(snapshot.config());
                ct.currentParent = name;
                ct.running = start;
            }
        });
    }

    synchronized String deleteSnapshot(String node, int vmid, String name, Map<String, String> params, String user,
                                       String outcome) {
        refuseUnknown(params, Set.of("force"));
        snapshotName(name, false);
        if (params.containsKey("force")) {
            parseStrictBoolean("force", params.get("force"));
        }
        SimContainer ct = requireUnlocked(node, vmid);
        if (!ct.snapshots.containsKey(name)) {
            throw ApiError.server("snapshot '" + name + "' does not exist");
        }
        ct.lock = "snapshot-delete";
        return startTask(node, "vzdelsnapshot", vmid, user, outcome, List.of("delete snapshot '" + name + "'"), success -> {
            ct.lock = null;
            if (success) {
                SimSnapshot gone = ct.snapshots.remove(name);
                // children of the deleted snapshot now hang off its parent, as in PVE
                ct.snapshots.replaceAll((key, child) -> name.equals(child.parent())
                        ? new SimSnapshot(child.name(), child.description(), child.snaptime(), gone.parent(), child.config()) : child);
                if (name.equals(ct.currentParent)) {
                    ct.currentParent = gone.parent();
                }
            }
        });
    }

    /** PVE's checks of a {@code snapname}: required (when a parameter), pve-configid, at most 40 characters. */
    private static String snapshotName(String name, boolean parameter) {
        if (name == null) {
            throw ApiError.parameter("snapname", "property is missing and it is not optional");
        }
        if (name.length() > 40) {
            throw ApiError.parameter("snapname", "value may only be 40 characters long");
        }
        if (!CONFIG_ID.matcher(name).matches()) {
            throw ApiError.parameter("snapname", "invalid format - invalid configuration ID '" + name + "'");
        }
        return name;
    }

    // ---- cluster inventory ------------------------------------------------------------------

    private static final Set<String> RESOURCES_PARAMS = Set.of("type");
    private static final Set<String> TASKS_PARAMS = Set.of("errors", "limit", "since", "source", "start", "statusfilter",
            "typefilter", "until", "userfilter", "vmid");
    private static final Set<String> QEMU_PARAMS = Set.of("full");
    private static final Set<String> STORAGE_PARAMS = Set.of("content", "enabled", "format", "storage", "target");

    /** Adds a QEMU virtual machine directly, as if created long ago. */
    synchronized void seedVm(String nodeName, int vmid, String name, List<String> tags, boolean running) {
        if (!nodes.containsKey(nodeName)) {
            throw new IllegalArgumentException("no simulated node '" + nodeName + "'");
        }
        if (containers.containsKey(vmid) || vms.containsKey(vmid)) {
            throw new IllegalArgumentException("VM " + vmid + " already exists");
        }
        vms.put(vmid, new SimVm(vmid, nodeName, name, String.join(";", tags), running));
    }

    /** Sets or clears a container's lock with no task behind it, as a crashed task leaves it. */
    synchronized void lock(int vmid, String lock) {
        SimContainer ct = containers.get(vmid);
        if (ct == null) {
            throw new IllegalArgumentException("no container " + vmid);
        }
        ct.lock = lock;
    }

    /** Removes a guest as if someone destroyed it outside the API's view (tests of deletion). */
    synchronized void forget(int vmid) {
        if (containers.remove(vmid) == null && vms.remove(vmid) == null) {
            throw new IllegalArgumentException("no guest " + vmid);
        }
    }

    /** {@code GET /cluster/resources}: every node, guest and storage, in one answer. */
    synchronized List<Map<String, Object>> clusterResources(Map<String, String> params) {
        refuseUnknown(params, RESOURCES_PARAMS);
        String type = params.get("type");
        if (type != null && !List.of("vm", "storage", "node", "sdn").contains(type)) {
            throw ApiError.parameter("type", "value '" + type + "' does not have a value in the enumeration 'vm, storage, node, sdn'");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        if (type == null || type.equals("vm")) {
            for (SimContainer ct : containers.values()) {
                Map<String, Object> json = guestJson("lxc", ct.vmid, ct.node, ct.hostname(), ct.running, ct.lock,
                        ct.config.get("tags"), ct.memoryMb() * MIB, ((Number) ct.config.get("cores")).intValue());
                list.add(json);
            }
            for (SimVm vm : vms.values()) {
                list.add(guestJson("qemu", vm.vmid, vm.node, vm.name, vm.running, null, vm.tags.isEmpty() ? null : vm.tags,
                        2048 * MIB, 2));
            }
        }
        if (type == null || type.equals("storage")) {
            for (SimulatedNode node : nodes.values()) {
                for (Map<String, Object> storage : storages()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", "storage/" + node.name() + "/" + storage.get("storage"));
                    json.put("type", "storage");
                    json.put("storage", storage.get("storage"));
                    json.put("node", node.name());
                    json.put("status", online(node) ? "available" : "unknown");
                    json.put("content", storage.get("content"));
                    json.put("plugintype", storage.get("type"));
                    json.put("shared", 0);
                    if (online(node)) {
                        json.put("disk", storage.get("used"));
                        json.put("maxdisk", storage.get("total"));
                    }
                    list.add(json);
                }
            }
        }
        if (type == null || type.equals("node")) {
            for (SimulatedNode node : nodes.values()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", "node/" + node.name());
                json.put("type", "node");
                json.put("node", node.name());
                json.put("status", node.status());
                json.put("level", "");
                json.put("maxcpu", node.maxCpu());
                json.put("maxmem", node.maxMemBytes());
                if (online(node)) {
                    json.put("cpu", 0.03);
                    json.put("mem", memUsed(node));
                    json.put("disk", 3L << 30);
                    json.put("maxdisk", 100L << 30);
                    json.put("uptime", System.currentTimeMillis() / 1000 - bootEpochSeconds + 86_400);
                }
                list.add(json);
            }
        }
        return list;
    }

    /** A guest as {@code /cluster/resources} shows it; a guest of a node that does not answer has status {@code unknown}. */
    private Map<String, Object> guestJson(String type, int vmid, String nodeName, String name, boolean running, String lock,
                                          Object tags, long maxMem, int cores) {
        boolean reachable = online(nodes.get(nodeName));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", type + "/" + vmid);
        json.put("type", type);
        json.put("vmid", vmid);
        json.put("node", nodeName);
        json.put("name", name);
        json.put("status", !reachable ? "unknown" : running ? "running" : "stopped");
        json.put("template", 0);
        json.put("maxmem", maxMem);
        json.put("maxcpu", cores);
        json.put("maxdisk", 8_589_934_592L);
        if (reachable) {
            json.put("mem", running ? 73_420_800L : 0L);
            json.put("cpu", running ? 0.0123 : 0);
            json.put("disk", running ? 612_368_384L : 0L);
            json.put("uptime", running ? 3712 : 0);
            json.put("netin", running ? 123_456 : 0);
            json.put("netout", running ? 7890 : 0);
            json.put("diskread", 0);
            json.put("diskwrite", 0);
        }
        if (tags != null) {
            json.put("tags", tags);
        }
        if (lock != null) {
            json.put("lock", lock);
        }
        return json;
    }

    private static boolean online(SimulatedNode node) {
        return node != null && node.status().equals("online");
    }

    /** {@code GET /nodes/{node}/qemu}. */
    synchronized List<Map<String, Object>> qemuList(String nodeName, Map<String, String> params) {
        requireReachableNode(nodeName);
        refuseUnknown(params, QEMU_PARAMS);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimVm vm : vms.values()) {
            if (vm.node.equals(nodeName)) {
                Map<String, Object> json = guestJson("qemu", vm.vmid, vm.node, vm.name, vm.running, null,
                        vm.tags.isEmpty() ? null : vm.tags, 2048 * MIB, 2);
                json.remove("id");
                json.remove("node");
                json.remove("maxcpu");
                json.put("cpus", 2);
                list.add(json);
            }
        }
        return list;
    }

    /** {@code GET /nodes/{node}/storage}. */
    synchronized List<Map<String, Object>> storageList(String nodeName, Map<String, String> params) {
        requireReachableNode(nodeName);
        refuseUnknown(params, STORAGE_PARAMS);
        String content = params.get("content");
        String only = params.get("storage");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> storage : storages()) {
            boolean holds = content == null || Arrays.asList(storage.get("content").toString().split(",")).containsAll(
                    Arrays.asList(content.split(",")));
            if (holds && (only == null || only.equals(storage.get("storage")))) {
                list.add(storage);
            }
        }
        return list;
    }

    /**
     * Every node has the two storages a fresh Proxmox install creates; {@code local} also holds
     * containers (content {@code rootdir}, as an administrator often enables), on a directory, so
     * without snapshots.
     */
    private static List<Map<String, Object>> storages() {
        return List.of(storage("local", "dir", "backup,iso,rootdir,vztmpl", 100, 12),
                storage("local-lvm", "lvmthin", "images,rootdir", 400, 40));
    }

    private static Map<String, Object> storage(String name, String type, String content, long totalGiB, long usedGiB) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("storage", name);
        storage.put("type", type);
        storage.put("content", content);
        storage.put("active", 1);
        storage.put("enabled", 1);
        storage.put("shared", 0);
        storage.put("total", totalGiB << 30);
        storage.put("used", usedGiB << 30);
        storage.put("avail", (totalGiB - usedGiB) << 30);
        return storage;
    }

    /** {@code GET /nodes/{node}/tasks}: newest first, with the {@code total} before paging. */
    synchronized Map.Entry<List<Map<String, Object>>, Integer> nodeTasks(String nodeName, Map<String, String> params) {
        requireReachableNode(nodeName);
        refuseUnknown(params, TASKS_PARAMS);
        String source = params.getOrDefault("source", "archive");
        if (!List.of("archive", "active", "all").contains(source)) {
            throw ApiError.parameter("source", "value '" + source + "' does not have a value in the enumeration 'archive, active, all'");
        }
        int limit = params.containsKey("limit") ? parseInt("limit", params.get("limit")) : 50;
        int start = params.containsKey("start") ? parseInt("start", params.get("start")) : 0;
        if (limit < 0) {
            throw ApiError.parameter("limit", "value must have a minimum value of 0");
        }
        Long since = params.containsKey("since") ? (long) parseInt("since", params.get("since")) : null;
        Long until = params.containsKey("until") ? (long) parseInt("until", params.get("until")) : null;
        String vmid = params.containsKey("vmid") ? Integer.toString(parseVmid(params.get("vmid"))) : null;
        boolean errorsOnly = params.containsKey("errors") && parseStrictBoolean("errors", params.get("errors"));
        String typeFilter = params.get("typefilter");
        List<SimTask> matching = tasks.values().stream()
                .filter(task -> task.node.equals(nodeName) && System.nanoTime() >= task.visibleAtNanos)
                .filter(task -> source.equals("all") || (source.equals("active") == task.running()))
                .filter(task -> since == null || task.startTime >= since)
                .filter(task -> until == null || task.startTime <= until)
                .filter(task -> vmid == null || vmid.equals(task.id))
                .filter(task -> typeFilter == null || task.type.equals(typeFilter))
                .filter(task -> !errorsOnly || (!task.running() && !task.exitStatus.equals("OK")
                        && !task.exitStatus.startsWith("WARNINGS: ")))
                .sorted(java.util.Comparator.comparingLong((SimTask task) -> task.startTime).reversed()
                        .thenComparing(task -> task.upid, java.util.Comparator.reverseOrder()))
                .toList();
        List<Map<String, Object>> page = matching.stream().skip(start).limit(limit).map(SimTask::listJson).toList();
        return Map.entry(page, matching.size());
    }

    static boolean parseStrictBoolean(String name, String text) {
        return switch (text) {
            case "1" -> true;
            case "0" -> false;
            default -> throw ApiError.parameter(name, "type check ('boolean') failed - got '" + text + "'");
        };
    }

    static void refuseUnknown(Map<String, String> params, Set<String> allowed) {
        Map<String, String> errors = new TreeMap<>();
        params.keySet().stream().filter(key -> !allowed.contains(key)).forEach(key ->
                errors.put(key, "property is not defined in schema and the schema does not allow additional properties"));
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
    }

    /** A QEMU guest: the inventory lists them; nothing else in the simulator acts on them. */
    private record SimVm(int vmid, String node, String name, String tags, boolean running) {
    }

    // ---- tasks ------------------------------------------------------------------------------

    private String startTask(String node, String type, int vmid, String user, String outcome,
                             List<String> workLog, Consumer<Boolean> effect) {
        return startTask(node, type, Integer.toString(vmid), user, outcome, workLog, effect);
    }

    /**
     * Starts a task that runs for the configured time, then applies its effect (told whether it
     * succeeded) and stops with the outcome, or {@code OK}.
     *
     * @param id what the task works on: a vmid, or e.g. {@code 101@local} for a volume
     */
    String startTask(String node, String type, String id, String user, String outcome,
                     List<String> workLog, Consumer<Boolean> effect) {
        SimTask task = openTask(node, type, id, user);
        // A second task on a container whose config another task holds cannot take the lock; vzdump
        // holds a guest's config only briefly, and shows the guest locked while it backs it up.
        boolean lockBusy = tasks.values().stream().anyMatch(other -> other != task && other.running()
                && other.id.equals(id) && !other.type.equals("vzdump"));
        String exit = outcome != null ? outcome
                : lockBusy ? "can't lock file '/run/lock/lxc/pve-config-" + id + ".lock' - got timeout" : "OK";
        task.log.addAll(workLog);
        scheduler.schedule(() -> finish(task, exit, effect), settings.taskDuration().toMillis(), TimeUnit.MILLISECONDS);
        return task.upid;
    }

    /** Registers a running task whose end the caller schedules ({@link #finish}). */
    SimTask openTask(String node, String type, String id, String user) {
        long visibleAt = System.nanoTime() + settings.taskVisibilityDelay().toNanos();
        SimTask task = new SimTask(node, nextPid++, nextPstart++, System.currentTimeMillis() / 1000, type, id, user, visibleAt);
        if (tasks.size() >= MAX_TASKS) {
            // keep the task index bounded, as PVE rotates its task log; finished tasks go first
            tasks.values().stream().filter(old -> !old.running()).findFirst().ifPresent(old -> tasks.remove(old.upid));
        }
        tasks.put(task.upid, task);
        return task;
    }

    /** Ends a task: its effect first (told whether the exit status is a success), then the status. */
    synchronized void finish(SimTask task, String exit, Consumer<Boolean> effect) {
        boolean success = exit.equals("OK") || exit.startsWith("WARNINGS: ");
        if (exit.startsWith("WARNINGS: ")) {
            int count = Integer.parseInt(exit.substring("WARNINGS: ".length()).trim());
            for (int i = 1; i <= count; i++) {
                task.log.add("WARN: simulated warning " + i);
            }
        }
        effect.accept(success);
        task.finish(exit);
    }

    /**
     * Waits up to {@code seconds} for a task to stop, without holding the state's lock while it waits.
     *
     * @return the exit status, or null while it still runs
     */
    String awaitTask(String upid, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            synchronized (this) {
                SimTask task = tasks.get(upid);
                if (task == null || !task.running()) {
                    return task == null ? null : task.exitStatus;
                }
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            Thread.sleep(10);
        }
    }

    // ---- what the backups need of the cluster -----------------------------------------------

    /** @return the container with that id if it is on that node, else null */
    SimContainer containerOn(String node, int vmid) {
        SimContainer ct = containers.get(vmid);
        return ct != null && ct.node.equals(node) ? ct : null;
    }

    /** @return the node holding the guest (container or VM) with that id, or null when none has it */
    String guestNode(int vmid) {
        SimContainer ct = containers.get(vmid);
        if (ct != null) {
            return ct.node;
        }
        SimVm vm = vms.get(vmid);
        return vm == null ? null : vm.node();
    }

    /** @return the ids of every guest (containers and VMs) on the node, ascending */
    List<Integer> guestsOn(String node) {
        List<Integer> ids = new ArrayList<>();
        containers.values().stream().filter(ct -> ct.node.equals(node)).forEach(ct -> ids.add(ct.vmid));
        vms.values().stream().filter(vm -> vm.node().equals(node)).forEach(vm -> ids.add(vm.vmid()));
        ids.sort(null);
        return ids;
    }

    void putContainer(SimContainer ct) {
        containers.put(ct.vmid, ct);
    }

    void removeContainer(SimContainer ct) {
        containers.remove(ct.vmid, ct);
        disks.destroy(ct.disk);
    }

    /** @return the storage by that name (every node has the same ones), or empty */
    static Optional<Map<String, Object>> storage(String name) {
        return storages().stream().filter(storage -> storage.get("storage").equals(name)).findFirst();
    }

    /** @return whether the storage exists and holds that content type */
    static boolean storageHolds(String name, String content) {
        return storage(name).map(storage -> Arrays.asList(storage.get("content").toString().split(",")).contains(content))
                .orElse(false);
    }

    // ---- backups ----------------------------------------------------------------------------

    synchronized String vzdump(String node, Map<String, String> params, String user, String outcome) {
        return backups.vzdump(node, params, user, outcome);
    }

    synchronized List<Map<String, Object>> storageContent(String node, String storage, Map<String, String> params) {
        return backups.content(node, storage, params);
    }

    synchronized String deleteVolume(String node, String storage, String volume, Map<String, String> params, String user,
                                     String outcome) {
        return backups.deleteVolume(node, storage, volume, params, user, outcome);
    }

    synchronized List<SimulatedBackup> backupVolumes() {
        return backups.volumes();
    }

    synchronized String seedBackup(String node, int vmid, String storage, String compress, Instant ctime) {
        return backups.seed(node, vmid, storage, compress, ctime);
    }

    synchronized void forgetBackup(String node, String volid) {
        backups.forget(node, volid);
    }

    synchronized void damageBackup(String node, String volid) {
        backups.damage(node, volid);
    }

    synchronized Map<String, Object> taskStatus(String node, String upid) {
        return visibleTask(node, upid).statusJson();
    }

    /** @return the requested log lines, and the total line count */
    synchronized Map.Entry<List<Map<String, Object>>, Integer> taskLog(String node, String upid, int start, int limit) {
        SimTask task = visibleTask(node, upid);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = Math.max(0, start); i < task.log.size() && lines.size() < limit; i++) {
            lines.add(Map.of("n", i + 1, "t", task.log.get(i)));
        }
        return Map.entry(lines, task.log.size());
    }

    private SimTask visibleTask(String node, String upid) {
        requireReachableNode(node);
        if (!upid.startsWith("UPID:")) {
            throw ApiError.parameter("upid", "unable to parse worker upid '" + upid + "'");
        }
        SimTask task = tasks.get(upid);
        if (task == null || !task.node.equals(node) || System.nanoTime() < task.visibleAtNanos) {
            throw ApiError.parameter("upid", "no such task");
        }
        return task;
    }
}
