package dev.proximity.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.app.AppQuery;
import dev.proximity.api.app.AppSort;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.Page;
import dev.proximity.api.app.SortDirection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The baseline issue 3 compares against, i.e. what the original system did: parse the whole
 * {@code apps.json} into a tree on every read, then scan it. Items stay JSON nodes (no conversion
 * to apps), which if anything flatters the baseline.
 */
final class NaiveJsonScan implements AppReads<JsonNode> {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;

    /** @param file a legacy {@code apps.json} */
    NaiveJsonScan(Path file) {
        this.file = file;
    }

    private JsonNode apps() {
        try {
            return mapper.readTree(file.toFile()).path("apps");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    @Override
    public Optional<JsonNode> get(String id) {
        for (JsonNode app : apps()) {
            if (id.equals(app.path("id").asText())) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    /**
     * Filters by status, node, catalog and owner, sorts by id, name or hostname (ties by id), and
     * cuts the page, as the API's {@link AppQuery} describes.
     */
    @Override
    public Page<JsonNode> find(AppQuery query) {
        Set<String> statuses = query.statuses().stream().map(AppStatus::wireName).collect(Collectors.toSet());
        String text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode app : apps()) {
            if ((statuses.isEmpty() || statuses.contains(app.path("status").asText().toLowerCase(Locale.ROOT)))
                    && matches(query.node(), app, "node") && matches(query.catalogId(), app, "catalog_id")
                    && matches(query.ownerId(), app, "owner_id") && containsText(text, app)) {
                matches.add(app);
            }
        }
        matches.sort(order(query.sort(), query.direction()));
        int from = (int) Math.min(matches.size(), query.offset());
        int to = Math.min(matches.size(), from + query.size());
        return new Page<>(matches.subList(from, to), query.page(), query.size(), matches.size());
    }

    private static boolean matches(String wanted, JsonNode app, String field) {
        return wanted == null || wanted.equals(app.path(field).asText(null));
    }

    private static boolean containsText(String text, JsonNode app) {
        return text == null || lower(app, "name").contains(text) || lower(app, "hostname").contains(text)
                || lower(app, "id").contains(text);
    }

    private static String lower(JsonNode app, String field) {
        return app.path(field).asText("").toLowerCase(Locale.ROOT);
    }

    private static Comparator<JsonNode> order(AppSort sort, SortDirection direction) {
        String field = switch (sort) {
            case ID -> "id";
            case NAME -> "name";
            case HOSTNAME -> "hostname";
            case CREATED_AT, UPDATED_AT -> throw new UnsupportedOperationException(
                    "the naive baseline sorts by id, name or hostname only, not " + sort);
        };
        Comparator<JsonNode> byField = Comparator.comparing((JsonNode app) -> app.path(field).asText(""))
                .thenComparing(app -> app.path("id").asText(""));
        return direction == SortDirection.DESC ? byField.reversed() : byField;
    }

    @Override
    public String idOf(JsonNode app) {
        return app.path("id").asText();
    }

    @Override
    public void close() {
        // nothing held between reads: that is the point of the baseline
    }
}
