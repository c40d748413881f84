package dev.proximity.store.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.error.StoreFormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the whole store file:
 * <pre>
 * {"apps": [...legacy entries...],
 *  "port_leases": [...], "deployment_logs": {"appId": [...]}, "migration_runs": [...]}
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

    private final ObjectMapper mapper;
    private final AppCodec apps;
    private final RecordCodec records;

    /** Creates the codec with its own mapper (strict about trailing garbage, pretty output). */
    StoreCodec() {
        this.mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        this.apps = new AppCodec(mapper);
        this.records = new RecordCodec(mapper);
    }

    /** @return the app codec, to encode apps as a transaction stores them */
    AppCodec apps() {
        return apps;
    }

    /**
     * @param bytes the file content
     * @param file the file, for messages
     * @return the parsed, indexed state
     * @throws StoreFormatException naming the file and position when it is not a store file
     */
    StoreState parse(byte[] bytes, String file) {
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new StoreFormatException(file, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(),
                    e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot read JSON store " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new StoreFormatException(file, -1, -1, "the file is empty; expected {\"apps\": [...]}", null);
        }
        if (!root.isObject()) {
            throw new StoreFormatException(file, 1, 1, "the top level is " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", expected an object {\"apps\": [...]}", null);
        }
        StoreState state = StoreState.empty();
        for (Map.Entry<String, JsonNode> key : root.properties()) {
            JsonNode value = key.getValue();
            switch (key.getKey()) {
                case APPS -> readApps(value, state, file);
                case PORT_LEASES -> records.readLeases(value, file).forEach(lease -> state.leases.put(lease.port(), lease));
                case DEPLOYMENT_LOGS -> state.logs.putAll(records.readLogs(value, file));
                case MIGRATION_RUNS -> records.readRuns(value, file).forEach(run -> state.runs.put(run.id(), run));
                default -> state.unknownKeys.put(key.getKey(), value);
            }
        }
        return state;
    }

    private void readApps(JsonNode value, StoreState state, String file) {
        if (value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            throw new StoreFormatException(file, -1, -1, "\"apps\" is " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", expected an array", null);
        }
        for (JsonNode entry : value) {
            state.apps.load(entry, apps.decode(entry));
        }
    }

    /**
     * @param state the state to write
     * @return the file content (UTF-8 JSON)
     */
    byte[] write(StoreState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + state.apps.size() * 768);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart(APPS);
            for (JsonNode entry : state.apps.entries()) {
                mapper.writeTree(json, entry);
            }
            json.writeEndArray();
            if (!state.leases.isEmpty()) {
                json.writeFieldName(PORT_LEASES);
                mapper.writeTree(json, records.writeLeases(new ArrayList<>(state.leases.values())));
            }
            if (!state.logs.isEmpty()) {
                json.writeFieldName(DEPLOYMENT_LOGS);
                mapper.writeTree(json, records.writeLogs(state.logs));
            }
            if (!state.runs.isEmpty()) {
                json.writeFieldName(MIGRATION_RUNS);
                mapper.writeTree(json, records.writeRuns(new ArrayList<>(state.runs.values())));
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
