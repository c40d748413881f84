package dev.proximity.core.internal.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one store missed of a write the other kept: the keys to copy, and in which direction.
 * Kept as a setting ({@value #KEY_PREFIX}...) of the store that holds the truth, so every store
 * adapter persists it with no schema of its own, in the transaction of the write that needed it.
 *
 * @param from the store holding the truth: {@code json} or {@code database}
 * @param to the store to bring in line
 * @param reason why it is needed
 * @param apps app ids
 * @param leaseOwners owners whose leases to copy
 * @param leasePorts ports whose leases to copy
 * @param logs app ids whose logs to copy
 * @param runs migration run ids
 * @param settings setting keys
 * @param resources inventory resource ids
 * @param snapshots inventory snapshot ids
 * @param backups backup ids
 */
record RepairEntry(String from, String to, String reason, Set<String> apps, Set<String> leaseOwners, Set<Integer> leasePorts,
                   Set<String> logs, Set<String> runs, Set<String> settings, Set<String> resources, Set<String> snapshots,
                   Set<String> backups) {

    /** Settings under this prefix are repair entries. */
    static final String KEY_PREFIX = ControlKeys.REPAIR_PREFIX;

    RepairEntry {
        apps = Set.copyOf(apps);
        leaseOwners = Set.copyOf(leaseOwners);
        leasePorts = Set.copyOf(leasePorts);
        logs = Set.copyOf(logs);
        runs = Set.copyOf(runs);
        settings = Set.copyOf(settings);
        resources = Set.copyOf(resources);
        snapshots = Set.copyOf(snapshots);
        backups = Set.copyOf(backups);
    }

    String encode() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", escape(from));
        fields.put("to", escape(to));
        fields.put("reason", escape(reason));
        fields.put("apps", join(apps));
        fields.put("leaseOwners", join(leaseOwners));
        fields.put("leasePorts", join(leasePorts.stream().map(String::valueOf).toList()));
        fields.put("logs", join(logs));
        fields.put("runs", join(runs));
        fields.put("settings", join(settings));
        fields.put("resources", join(resources));
        fields.put("snapshots", join(snapshots));
        fields.put("backups", join(backups));
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    static RepairEntry decode(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        Set<Integer> ports = new LinkedHashSet<>();
        split(fields.get("leasePorts")).forEach(port -> ports.add(Integer.parseInt(port)));
        return new RepairEntry(unescape(fields.get("from")), unescape(fields.get("to")), unescape(fields.get("reason")),
                split(fields.get("apps")), split(fields.get("leaseOwners")), ports, split(fields.get("logs")),
                split(fields.get("runs")), split(fields.get("settings")), split(fields.get("resources")),
                split(fields.get("snapshots")), split(fields.get("backups")));
    }

    /** @return how many records it names */
    int size() {
        return apps.size() + leaseOwners.size() + leasePorts.size() + logs.size() + runs.size() + settings.size()
                + resources.size() + snapshots.size() + backups.size();
    }

    private static String join(Collection<String> values) {
        return values.stream().map(RepairEntry::escape).collect(Collectors.joining(","));
    }

    private static Set<String> split(String joined) {
        Set<String> values = new LinkedHashSet<>();
        if (joined != null && !joined.isEmpty()) {
            for (String value : joined.split(",")) {
                values.add(unescape(value));
            }
        }
        return values;
    }

    private static String escape(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String unescape(String value) {
        return value == null ? "" : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
