package dev.proximity.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.app.BackupStatus;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.inventory.ChangeType;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationEvent;
import dev.proximity.api.migration.MigrationProgress;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and writes the sections only this library writes: port leases, deployment logs and
 * migration runs. Unlike legacy app entries these are read strictly: a bad value means the file
 * was damaged, which is reported as a {@link StoreFormatException} naming the element, and the
 * file is left alone.
 */
final class RecordCodec {

    private final ObjectMapper mapper;

    /** @param mapper the mapper that creates nodes */
    RecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    // ---- port leases: [{"port", "owner_id", "state", "leased_at", "expires_at"}]

    List<PortLease> readLeases(JsonNode section, String file) {
        return readArray(section, StoreCodec.PORT_LEASES, file, in -> new PortLease(
                in.integer("port"), in.text("owner_id"), in.constant("state", LeaseState.class),
                in.instant("leased_at"), in.optionalInstant("expires_at")));
    }

    ArrayNode writeLeases(List<PortLease> leases) {
        ArrayNode array = mapper.createArrayNode();
        for (PortLease lease : leases) {
            array.addObject()
                    .put("port", lease.port())
                    .put("owner_id", lease.ownerId())
                    .put("state", wire(lease.state()))
                    .put("leased_at", LegacyTimestamps.format(lease.leasedAt()))
                    .put("expires_at", format(lease.expiresAt()));
        }
        return array;
    }

    // ---- deployment logs: {"appId": [{"deployment_id", "timestamp", "level", "step", "message", "duration_ms"}]}
    // (deployment_id and duration_ms are left out when unknown)

    Map<String, List<DeploymentLogEntry>> readLogs(JsonNode section, String file) {
        Map<String, List<DeploymentLogEntry>> logs = new LinkedHashMap<>();
        if (section.isNull()) {
            return logs;
        }
        if (!section.isObject()) {
            throw new StoreFormatException(file, -1, -1, "\"" + StoreCodec.DEPLOYMENT_LOGS + "\" is not an object", null);
        }
        for (Map.Entry<String, JsonNode> log : section.properties()) {
            String appId = log.getKey();
            List<DeploymentLogEntry> entries = readArray(log.getValue(), StoreCodec.DEPLOYMENT_LOGS + "[\"" + appId + "\"]",
                    file, in -> new DeploymentLogEntry(appId, in.optionalText("deployment_id"), in.instant("timestamp"),
                            in.constant("level", LogLevel.class), in.text("step"), in.optionalText("message"),
                            in.optionalMillis("duration_ms")));
            logs.put(appId, List.copyOf(entries));
        }
        return logs;
    }

    ObjectNode writeLogs(Map<String, List<DeploymentLogEntry>> logs) {
        ObjectNode section = mapper.createObjectNode();
        logs.forEach((appId, entries) -> {
            ArrayNode array = section.putArray(appId);
            for (DeploymentLogEntry entry : entries) {
                ObjectNode node = array.addObject();
                if (entry.deploymentId() != null) {
                    node.put("deployment_id", entry.deploymentId());
                }
                node.put("timestamp", LegacyTimestamps.format(entry.timestamp()))
                        .put("level", wire(entry.level()))
                        .put("step", entry.step())
                        .put("message", entry.message());
                if (entry.duration() != null) {
                    node.put("duration_ms", entry.duration().toMillis());
                }
            }
        });
        return section;
    }

    // ---- settings: {"key": "value"}

    Map<String, String> readSettings(JsonNode section, String file) {
        Map<String, String> settings = new java.util.TreeMap<>();
        if (section == null || section.isNull()) {
            return settings;
        }
        if (!section.isObject()) {
            throw new StoreFormatException(file, -1, -1, "\"" + StoreCodec.SETTINGS + "\" is not an object", null);
        }
        for (Map.Entry<String, JsonNode> setting : section.properties()) {
            if (!setting.getValue().isTextual()) {
                throw new StoreFormatException(file, -1, -1, StoreCodec.SETTINGS + "." + setting.getKey() + " "
                        + setting.getValue() + " is not a string", null);
            }
            settings.put(setting.getKey(), setting.getValue().asText());
        }
        return settings;
    }

    ObjectNode writeSettings(Map<String, String> settings) {
        ObjectNode section = mapper.createObjectNode();
        settings.forEach(section::put);
        return section;
    }

    // ---- migration runs: [{"id", "source", "target", "request", "status", "progress", "counts", ...}]

    List<MigrationRun> readRuns(JsonNode section, String file) {
        return readArray(section, StoreCodec.MIGRATION_RUNS, file, in -> {
            Fields request = in.object("request");
            Fields progress = in.object("progress");
            Fields counts = in.object("counts");
            return new MigrationRun(in.text("id"), in.text("source"), in.text("target"),
                    new MigrationRequest(request.integer("batch_size"), request.bool("dry_run"),
                            request.optionalText("default_owner")),
                    in.constant("status", MigrationRunStatus.class),
                    new MigrationProgress(progress.longValue("processed"), progress.longValue("total"),
                            progress.optionalText("last_id")),
                    new MigrationCounts(counts.longValue("created"), counts.longValue("updated"),
                            counts.longValue("skipped"), counts.longValue("errors")),
                    in.array("events", event -> new MigrationEvent(event.instant("at"), event.text("step"),
                            event.optionalText("message"))),
                    in.array("errors", error -> new RecordOutcome(error.integer("position"), error.optionalText("id"),
                            error.constant("result", RecordOutcome.Result.class), error.optionalText("reason"))),
                    in.instant("started_at"), in.instant("updated_at"), in.optionalInstant("finished_at"));
        });
    }

    ArrayNode writeRuns(List<MigrationRun> runs) {
        ArrayNode array = mapper.createArrayNode();
        for (MigrationRun run : runs) {
            ObjectNode node = array.addObject()
                    .put("id", run.id())
                    .put("source", run.source())
                    .put("target", run.target());
            node.putObject("request")
                    .put("batch_size", run.request().batchSize())
                    .put("dry_run", run.request().dryRun())
                    .put("default_owner", run.request().defaultOwner());
            node.put("status", wire(run.status()));
            node.putObject("progress")
                    .put("processed", run.progress().processed())
                    .put("total", run.progress().total())
                    .put("last_id", run.progress().lastId());
            node.putObject("counts")
                    .put("created", run.counts().created())
                    .put("updated", run.counts().updated())
                    .put("skipped", run.counts().skipped())
                    .put("errors", run.counts().errors());
            ArrayNode events = node.putArray("events");
            for (MigrationEvent event : run.events()) {
                events.addObject()
                        .put("at", LegacyTimestamps.format(event.at()))
                        .put("step", event.step())
                        .put("message", event.message());
            }
            ArrayNode errors = node.putArray("errors");
            for (RecordOutcome error : run.errors()) {
                errors.addObject()
                        .put("position", error.position())
                        .put("id", error.id())
                        .put("result", wire(error.result()))
                        .put("reason", error.reason());
            }
            node.put("started_at", LegacyTimestamps.format(run.startedAt()))
                    .put("updated_at", LegacyTimestamps.format(run.updatedAt()))
                    .put("finished_at", format(run.finishedAt()));
        }
        return array;
    }

    // ---- inventory: [{"id", "type", "node", "name", "vmid", "status", "tags", "properties", "metrics",
    //                   "digest", "first_seen", "changed_at", "refreshed_at", "stale"}]
    // ---- inventory history: [{"id", "change", "at", "resource": {...as above}}]

    List<InventoryResource> readInventory(JsonNode section, String file) {
        return readArray(section, StoreCodec.INVENTORY, file, RecordCodec::resource);
    }

    List<StateChange> readHistory(JsonNode section, String file) {
        return readArray(section, StoreCodec.INVENTORY_HISTORY, file, in -> new StateChange(in.text("id"),
                in.constant("change", ChangeType.class), in.instant("at"), resource(in.object("resource"))));
    }

    private static InventoryResource resource(Fields in) {
        ObservedResource seen = new ObservedResource(in.text("id"), in.constant("type", ResourceType.class), in.text("node"),
                in.optionalText("name"), in.optionalInteger("vmid"), in.optionalText("status"), in.texts("tags"),
                in.textMap("properties"), in.numberMap("metrics"));
        return new InventoryResource(seen, in.text("digest"), in.instant("first_seen"), in.instant("changed_at"),
                in.instant("refreshed_at"), in.bool("stale"));
    }

    ArrayNode writeInventory(Collection<InventoryResource> resources) {
        ArrayNode array = mapper.createArrayNode();
        resources.forEach(resource -> writeResource(array.addObject(), resource));
        return array;
    }

    ArrayNode writeHistory(Collection<StateChange> snapshots) {
        ArrayNode array = mapper.createArrayNode();
        for (StateChange snapshot : snapshots) {
            ObjectNode node = array.addObject()
                    .put("id", snapshot.id())
                    .put("change", wire(snapshot.change()))
                    .put("at", LegacyTimestamps.format(snapshot.at()));
            writeResource(node.putObject("resource"), snapshot.resource());
        }
        return array;
    }

    private static void writeResource(ObjectNode node, InventoryResource resource) {
        ObservedResource seen = resource.observed();
        node.put("id", seen.id())
                .put("type", wire(seen.type()))
                .put("node", seen.node())
                .put("name", seen.name())
                .put("vmid", seen.vmid())
                .put("status", seen.status());
        ArrayNode tags = node.putArray("tags");
        seen.tags().forEach(tags::add);
        ObjectNode properties = node.putObject("properties");
        seen.properties().forEach(properties::put);
        ObjectNode metrics = node.putObject("metrics");
        seen.metrics().forEach(metrics::put);
        node.put("digest", resource.digest())
                .put("first_seen", LegacyTimestamps.format(resource.firstSeen()))
                .put("changed_at", LegacyTimestamps.format(resource.changedAt()))
                .put("refreshed_at", LegacyTimestamps.format(resource.refreshedAt()))
                .put("stale", resource.stale());
    }

    // ---- backups: [{"id", "app_id", "node", "vmid", "storage", "volume", "size", "mode", "compression", "status",
    //                 "created_at", "updated_at"}]

    List<AppBackup> readBackups(JsonNode section, String file) {
        return readArray(section, StoreCodec.BACKUPS, file, in -> new AppBackup(in.text("id"), in.text("app_id"),
                in.text("node"), in.integer("vmid"), in.text("storage"), in.optionalText("volume"), in.longValue("size"),
                in.constant("mode", BackupMode.class), in.constant("compression", BackupCompression.class),
                in.constant("status", BackupStatus.class), in.instant("created_at"), in.instant("updated_at")));
    }

    ArrayNode writeBackups(Collection<AppBackup> backups) {
        ArrayNode array = mapper.createArrayNode();
        for (AppBackup backup : backups) {
            array.addObject()
                    .put("id", backup.id())
                    .put("app_id", backup.appId())
                    .put("node", backup.node())
                    .put("vmid", backup.vmid())
                    .put("storage", backup.storage())
                    .put("volume", backup.volume())
                    .put("size", backup.sizeBytes())
                    .put("mode", wire(backup.mode()))
                    .put("compression", wire(backup.compression()))
                    .put("status", wire(backup.status()))
                    .put("created_at", LegacyTimestamps.format(backup.createdAt()))
                    .put("updated_at", LegacyTimestamps.format(backup.updatedAt()));
        }
        return array;
    }

    // ---- helpers

    private static String format(Instant instant) {
        return instant == null ? null : LegacyTimestamps.format(instant);
    }

    private static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> readArray(JsonNode section, String path, String file, Function<Fields, T> element) {
        List<T> values = new ArrayList<>();
        if (section == null || section.isNull()) {
            return values;
        }
        if (!section.isArray()) {
            throw new StoreFormatException(file, -1, -1, path + " is not an array", null);
        }
        for (int i = 0; i < section.size(); i++) {
            Fields fields = new Fields(section.get(i), path + "[" + i + "]", file);
            try {
                values.add(element.apply(fields));
            } catch (InvalidRequestException invalid) {
                throw new StoreFormatException(file, -1, -1, fields.path + " is invalid: " + invalid.getMessage(), invalid);
            }
        }
        return values;
    }

    /** Strict accessors for one JSON object of a section; each failure names the element path. */
    private static final class Fields {
        private final JsonNode node;
        private final String path;
        private final String file;

        Fields(JsonNode node, String path, String file) {
            this.node = node;
            this.path = path;
            this.file = file;
            if (node == null || !node.isObject()) {
                throw bad(path + " is not an object");
            }
        }

        private StoreFormatException bad(String problem) {
            return new StoreFormatException(file, -1, -1, problem, null);
        }

        private JsonNode required(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw bad(path + "." + field + " is missing");
            }
            return value;
        }

        String text(String field) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw bad(path + "." + field + " " + value + " is not a string");
            }
            return value.asText();
        }

        String optionalText(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : text(field);
        }

        int integer(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw bad(path + "." + field + " " + value + " is not a whole number");
            }
            return value.intValue();
        }

        long longValue(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw bad(path + "." + field + " " + value + " is not a whole number");
            }
            return value.longValue();
        }

        boolean bool(String field) {
            JsonNode value = required(field);
            if (!value.isBoolean()) {
                throw bad(path + "." + field + " " + value + " is not true or false");
            }
            return value.booleanValue();
        }

        Instant instant(String field) {
            String text = text(field);
            return LegacyTimestamps.parse(text)
                    .orElseThrow(() -> bad(path + "." + field + " '" + text + "' is not a timestamp"));
        }

        java.time.Duration optionalMillis(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : java.time.Duration.ofMillis(longValue(field));
        }

        Instant optionalInstant(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : instant(field);
        }

        <E extends Enum<E>> E constant(String field, Class<E> type) {
            String text = text(field);
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw bad(path + "." + field + " '" + text + "' is not a known " + type.getSimpleName());
            }
        }

        Integer optionalInteger(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : integer(field);
        }

        List<String> texts(String field) {
            JsonNode value = required(field);
            if (!value.isArray()) {
                throw bad(path + "." + field + " " + value + " is not an array");
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw bad(path + "." + field + " holds " + element + ", which is not a string");
                }
                texts.add(element.asText());
            }
            return texts;
        }

        Map<String, String> textMap(String field) {
            Map<String, String> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectNode(field).properties()) {
                if (!entry.getValue().isTextual()) {
                    throw bad(path + "." + field + "." + entry.getKey() + " " + entry.getValue() + " is not a string");
                }
                map.put(entry.getKey(), entry.getValue().asText());
            }
            return map;
        }

        Map<String, Double> numberMap(String field) {
            Map<String, Double> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : objectNode(field).properties()) {
                if (!entry.getValue().isNumber()) {
                    throw bad(path + "." + field + "." + entry.getKey() + " " + entry.getValue() + " is not a number");
                }
                map.put(entry.getKey(), entry.getValue().doubleValue());
            }
            return map;
        }

        private JsonNode objectNode(String field) {
            JsonNode value = required(field);
            if (!value.isObject()) {
                throw bad(path + "." + field + " " + value + " is not an object");
            }
            return value;
        }

        Fields object(String field) {
            return new Fields(required(field), path + "." + field, file);
        }

        <T> List<T> array(String field, Function<Fields, T> element) {
            return readArray(node.get(field), path + "." + field, file, element);
        }
    }
}
