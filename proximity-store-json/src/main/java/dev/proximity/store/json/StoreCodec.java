package dev.proximity.store.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.error.StoreFormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the whole store file:
 * <pre>
 * {"apps": [...legacy entries...],
 *  "port_leases": [...], "deployment_logs": {"appId": [...]}, "migration_runs": [...],
 *  "settings": {"key": "value"}, "inventory": [...], "inventory_history": [...], "backups": [...]}
 * </pre>
 * Legacy readers look only at {@code apps}, so the other keys live beside it and commit
 * atomically with it. They are omitted while empty, so a store used only for apps keeps the
 * legacy shape exactly. Top-level keys this library does not know are kept.
 */
final class StoreCodec {

    static final String APPS = "apps";
    static final String PORT_LEASES = "port_leases";
    static final String DEPLOYMENT_LOGS = "deployment_logs";
    static final String MIGRATION_RUNS = "migration_runs";
    static final String INVENTORY = "inventory";
    static final String INVENTORY_HISTORY = "inventory_history";
    static final String SETTINGS = "settings";
    static final String BACKUPS = "backups";

    private final ObjectMapper mapper;
    private final DefaultPrettyPrinter printer;
    private final AppCodec apps;
    private final RecordCodec records;

    /** Creates the codec with its own mapper. */
    StoreCodec() {
        this.mapper = new ObjectMapper();
        // one array element per line with "\n" on every platform: each app on its own line
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        this.printer = new DefaultPrettyPrinter().withArrayIndenter(lines).withObjectIndenter(lines);
        this.apps = new AppCodec(mapper);
        this.records = new RecordCodec(mapper);
    }

    /** @return the app codec, to encode apps as a transaction stores them */
    AppCodec apps() {
        return apps;
    }

    /**
     * Parses the file with a streaming parser so each {@code apps} entry can keep its exact text,
     * to be written back unchanged while its app is not changed.
     *
     * @param bytes the file content
     * @param file the file, for messages
     * @return the parsed, indexed state
     * @throws StoreFormatException naming the file and position when it is not a store file
     */
    StoreState parse(byte[] bytes, String file) {
        StoreState state = StoreState.empty();
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new StoreFormatException(file, -1, -1, "the file is empty; expected {\"apps\": [...]}", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw formatError(file, parser.currentTokenLocation(), "the top level is not an object; expected {\"apps\": [...]}");
            }
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation at = parser.currentTokenLocation();
                if (!seen.add(key)) {
                    throw formatError(file, at, "the top-level key \"" + key + "\" appears twice");
                }
                if (parser.nextToken() == JsonToken.START_ARRAY && APPS.equals(key)) {
                    readApps(parser, bytes, state, file);
                    continue;
                }
                JsonNode value = mapper.readTree(parser);
                switch (key) {
                    case APPS -> {
                        if (value != null && !value.isNull()) {
                            throw formatError(file, at, "\"apps\" is a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                                    + ", expected an array");
                        }
                    }
                    case PORT_LEASES -> records.readLeases(value, file).forEach(lease -> state.leases.put(lease.port(), lease));
                    case DEPLOYMENT_LOGS -> state.logs.putAll(records.readLogs(value, file));
                    case MIGRATION_RUNS -> records.readRuns(value, file).forEach(run -> state.runs.put(run.id(), run));
                    case SETTINGS -> state.settings.putAll(records.readSettings(value, file));
                    case INVENTORY -> records.readInventory(value, file).forEach(r -> state.inventory.put(r.id(), r));
                    case INVENTORY_HISTORY -> records.readHistory(value, file).forEach(c -> state.history.put(c.id(), c));
                    case BACKUPS -> records.readBackups(value, file).forEach(b -> state.backups.put(b.id(), b));
                    default -> state.unknownKeys.put(key, value == null ? NullNode.getInstance() : value);
                }
            }
            if (parser.nextToken() != null) {
                throw formatError(file, parser.currentTokenLocation(), "unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw new StoreException("cannot read JSON store " + file + ": " + e.getMessage(), e);
        }
        return state;
    }

    private void readApps(JsonParser parser, byte[] bytes, StoreState state, String file) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw formatError(file, parser.currentLocation(), "the \"apps\" array is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            JsonNode entry = mapper.readTree(parser);
            long end = parser.currentLocation().getByteOffset();
            String text = entry.isObject() ? exactText(bytes, start, end, entry) : apps.text(entry);
            state.apps.load(text, apps.decode(entry, text));
        }
    }

    /** The entry's original text; if the parser cannot tell where it lies, its compact form. */
    private String exactText(byte[] bytes, long start, long end, JsonNode entry) {
        if (start >= 0 && end > start && end <= bytes.length && bytes[(int) start] == '{' && bytes[(int) end - 1] == '}') {
            return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8);
        }
        return apps.text(entry);
    }

    /** Writes an array with each element compact on its own line, like the apps. */
    private void writeOnePerLine(JsonGenerator json, String field, JsonNode array) throws IOException {
        json.writeArrayFieldStart(field);
        for (JsonNode element : array) {
            json.writeRawValue(apps.text(element));
        }
        json.writeEndArray();
    }

    /** @return the error for a problem of a store file's shape, where the parser stands */
    static StoreFormatException formatError(String file, JsonLocation at, String problem) {
        return new StoreFormatException(file, at.getLineNr(), at.getColumnNr(), problem, null);
    }

    /** @return the error for a store file that is not well-formed JSON, where the parser found it so */
    static StoreFormatException notJson(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return new StoreFormatException(file, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(),
                e.getOriginalMessage(), e);
    }

    /**
     * @param state the state to write
     * @return the file content (UTF-8 JSON)
     */
    byte[] write(StoreState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + state.apps.size() * 512);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.setPrettyPrinter(printer.createInstance());
            json.writeStartObject();
            json.writeArrayFieldStart(APPS);
            for (String entry : state.apps.entries()) {
                json.writeRawValue(entry);
            }
            json.writeEndArray();
            if (!state.leases.isEmpty()) {
                writeOnePerLine(json, PORT_LEASES, records.writeLeases(new ArrayList<>(state.leases.values())));
            }
            if (!state.logs.isEmpty()) {
                json.writeObjectFieldStart(DEPLOYMENT_LOGS);
                for (Map.Entry<String, JsonNode> log : records.writeLogs(state.logs).properties()) {
                    writeOnePerLine(json, log.getKey(), log.getValue());
                }
                json.writeEndObject();
            }
            if (!state.runs.isEmpty()) {
                writeOnePerLine(json, MIGRATION_RUNS, records.writeRuns(new ArrayList<>(state.runs.values())));
            }
            if (!state.inventory.isEmpty()) {
                writeOnePerLine(json, INVENTORY, records.writeInventory(state.inventory.values()));
            }
            if (!state.history.isEmpty()) {
                writeOnePerLine(json, INVENTORY_HISTORY, records.writeHistory(state.history.values()));
            }
            if (!state.backups.isEmpty()) {
                writeOnePerLine(json, BACKUPS, records.writeBackups(state.backups.values()));
            }
            if (!state.settings.isEmpty()) {
                json.writeFieldName(SETTINGS);
                mapper.writeTree(json, records.writeSettings(state.settings));
            }
            for (Map.Entry<String, JsonNode> unknown : state.unknownKeys.entrySet()) {
                json.writeFieldName(unknown.getKey());
                mapper.writeTree(json, unknown.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new StoreException("cannot serialize the JSON store: " + e.getMessage(), e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
