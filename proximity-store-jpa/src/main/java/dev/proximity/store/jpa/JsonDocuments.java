package dev.proximity.store.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.error.StoreException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON columns of an app (config, ports, environment, volumes) into Java values and back.
 * Read types are fixed here so round trips are stable: port keys come back as {@link Integer},
 * config numbers as Jackson reads them (int, long, double, big integer).
 */
final class JsonDocuments {

    private static final TypeReference<LinkedHashMap<String, Object>> CONFIG = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<Integer, Integer>> PORTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> VOLUMES = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> ENVIRONMENT = new TypeReference<>() { };

    private final ObjectMapper mapper = new ObjectMapper();

    /** @return the shared mapper (thread-safe once configured) */
    ObjectMapper mapper() {
        return mapper;
    }

    String write(Object document, String what) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + what + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Map<String, Object> config(String json, String what) {
        return read(json, CONFIG, what);
    }

    Map<Integer, Integer> ports(String json, String what) {
        return read(json, PORTS, what);
    }

    List<String> volumes(String json, String what) {
        return read(json, VOLUMES, what);
    }

    Map<String, String> environment(String json, String what) {
        return read(json, ENVIRONMENT, what);
    }

    private <T> T read(String json, TypeReference<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read " + what + ": stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
