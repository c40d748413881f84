package dev.proximity.store.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.migration.MigrationCounts;
import dev.proximity.api.migration.MigrationEvent;
import dev.proximity.api.migration.MigrationProgress;
import dev.proximity.api.migration.MigrationRequest;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.migration.MigrationRunStatus;
import dev.proximity.api.migration.RecordOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link MigrationRun} as a JSON document with explicit field names (so renaming a Java
 * field never breaks stored runs) and reads it back. Instants are ISO-8601 text.
 */
final class MigrationRunDocuments {

    private final ObjectMapper mapper;

    MigrationRunDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    MigrationRunEntity toRow(MigrationRun run) {
        ObjectNode document = mapper.createObjectNode();
        document.put("source", run.source());
        document.put("target", run.target());
        document.putObject("request").put("batchSize", run.request().batchSize()).put("dryRun", run.request().dryRun())
                .put("defaultOwner", run.request().defaultOwner());
        document.putObject("progress").put("processed", run.progress().processed()).put("total", run.progress().total())
                .put("lastId", run.progress().lastId());
        document.putObject("counts").put("created", run.counts().created()).put("updated", run.counts().updated())
                .put("skipped", run.counts().skipped()).put("errors", run.counts().errors());
        ArrayNode events = document.putArray("events");
        for (MigrationEvent event : run.events()) {
            events.addObject().put("at", event.at().toString()).put("step", event.step()).put("message", event.message());
        }
        ArrayNode errors = document.putArray("errors");
        for (RecordOutcome error : run.errors()) {
            errors.addObject().put("position", error.position()).put("id", error.id()).put("result", error.result().name())
                    .put("reason", error.reason());
        }
        document.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());

        MigrationRunEntity row = new MigrationRunEntity();
        row.id = run.id();
        row.status = run.status().name();
        row.startedAtMs = run.startedAt().toEpochMilli();
        row.updatedAtMs = run.updatedAt().toEpochMilli();
        try {
            row.document = mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write migration run '" + run.id() + "' as JSON", e);
        }
        return row;
    }

    MigrationRun toRun(MigrationRunEntity row) {
        try {
            JsonNode document = mapper.readTree(row.document);
            JsonNode request = document.required("request");
            JsonNode progress = document.required("progress");
            JsonNode counts = document.required("counts");
            List<MigrationEvent> events = new ArrayList<>();
            for (JsonNode event : document.required("events")) {
                events.add(new MigrationEvent(Instant.parse(event.required("at").asText()), event.required("step").asText(),
                        textOrNull(event, "message")));
            }
            List<RecordOutcome> errors = new ArrayList<>();
            for (JsonNode error : document.required("errors")) {
                errors.add(new RecordOutcome(error.required("position").asInt(), textOrNull(error, "id"),
                        RecordOutcome.Result.valueOf(error.required("result").asText()), textOrNull(error, "reason")));
            }
            String finishedAt = textOrNull(document, "finishedAt");
            return new MigrationRun(row.id, document.required("source").asText(), document.required("target").asText(),
                    new MigrationRequest(request.required("batchSize").asInt(), request.required("dryRun").asBoolean(),
                            textOrNull(request, "defaultOwner")),
                    MigrationRunStatus.valueOf(row.status),
                    new MigrationProgress(progress.required("processed").asLong(), progress.required("total").asLong(),
                            textOrNull(progress, "lastId")),
                    new MigrationCounts(counts.required("created").asLong(), counts.required("updated").asLong(),
                            counts.required("skipped").asLong(), counts.required("errors").asLong()),
                    events, errors, Instant.ofEpochMilli(row.startedAtMs), Instant.ofEpochMilli(row.updatedAtMs),
                    finishedAt == null ? null : Instant.parse(finishedAt));
        } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new StoreException("cannot read migration run '" + row.id + "': stored document is malformed: "
                    + e.getMessage(), e);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
