package dev.proximity.store.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link InventoryResource} as a JSON document with explicit field names and reads it
 * back. Instants are ISO-8601 text.
 */
final class InventoryDocuments {

    private final ObjectMapper mapper;

    InventoryDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(InventoryResource resource) {
        ObservedResource seen = resource.observed();
        ObjectNode document = mapper.createObjectNode()
                .put("id", seen.id())
                .put("type", seen.type().name())
                .put("node", seen.node())
                .put("name", seen.name())
                .put("vmid", seen.vmid())
                .put("status", seen.status());
        seen.tags().forEach(document.putArray("tags")::add);
        ObjectNode properties = document.putObject("properties");
        seen.properties().forEach(properties::put);
        ObjectNode metrics = document.putObject("metrics");
        seen.metrics().forEach(metrics::put);
        document.put("digest", resource.digest())
                .put("firstSeen", resource.firstSeen().toString())
                .put("changedAt", resource.changedAt().toString())
                .put("refreshedAt", resource.refreshedAt().toString())
                .put("stale", resource.stale());
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write inventory resource " + seen.id() + ": " + e.getMessage(), e);
        }
    }

    InventoryResource read(String json, String where) {
        try {
            JsonNode in = mapper.readTree(json);
            List<String> tags = new ArrayList<>();
            in.path("tags").forEach(tag -> tags.add(tag.asText()));
            Map<String, String> properties = new LinkedHashMap<>();
            in.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            in.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().doubleValue()));
            ObservedResource seen = new ObservedResource(in.path("id").asText(), ResourceType.valueOf(in.path("type").asText()),
                    in.path("node").asText(), text(in, "name"), in.hasNonNull("vmid") ? in.get("vmid").intValue() : null,
                    text(in, "status"), tags, properties, metrics);
            return new InventoryResource(seen, in.path("digest").asText(), Instant.parse(in.path("firstSeen").asText()),
                    Instant.parse(in.path("changedAt").asText()), Instant.parse(in.path("refreshedAt").asText()),
                    in.path("stale").asBoolean());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("unreadable inventory document in " + where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asText() : null;
    }
}
