package dev.proximity.store.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.catalog.Catalog;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.error.FieldError;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.error.StoreFormatException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link Catalog} read once from a directory of {@code *.json} files, each holding one entry
 * (or an array of entries) with the original snake_case keys:
 * <pre>
 * {"id": "nginx", "name": "Nginx", "version": "latest", "description": "...", "category": "Web Server",
 *  "docker_compose": {...}, "min_memory": 256, "min_cpu": 1, "ports": [80], "volumes": [...],
 *  "environment": {...}, "icon": "nginx.svg", "tags": [...]}
 * </pre>
 * Loading fails as a whole on the first bad file, naming the file and every bad field, so a
 * broken catalog is noticed when it is deployed rather than when an app is.
 */
public final class JsonCatalog implements Catalog {

    private final Map<String, CatalogEntry> entries;

    private JsonCatalog(Map<String, CatalogEntry> entries) {
        this.entries = entries;
    }

    /**
     * @param directory a directory of catalog JSON files
     * @return the catalog
     * @throws InvalidRequestException when the directory is missing, an entry is invalid or two files share an id
     * @throws StoreFormatException when a file is not valid JSON, with its line and column
     */
    public static JsonCatalog load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw InvalidRequestException.of("catalogDirectory", directory, "is not a directory");
        }
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Map<String, CatalogEntry> entries = new TreeMap<>();
        Map<String, Path> origins = new LinkedHashMap<>();
        for (Path file : jsonFiles(directory)) {
            JsonNode root = parse(mapper, file);
            List<JsonNode> nodes = new ArrayList<>();
            if (root.isArray()) {
                root.forEach(nodes::add);
            } else {
                nodes.add(root);
            }
            for (int i = 0; i < nodes.size(); i++) {
                String where = root.isArray() ? file + " [" + i + "]" : file.toString();
                CatalogEntry entry = new EntryReader(mapper, nodes.get(i), where).read();
                Path earlier = origins.putIfAbsent(entry.id(), file);
                if (earlier != null) {
                    throw new InvalidRequestException("catalog entry in " + where, List.of(new FieldError("id", entry.id(),
                            "is already defined in " + earlier)));
                }
                entries.put(entry.id(), entry);
            }
        }
        return new JsonCatalog(entries);
    }

    @Override
    public Optional<CatalogEntry> find(String catalogId) {
        return Optional.ofNullable(catalogId == null ? null : entries.get(catalogId));
    }

    @Override
    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    private static List<Path> jsonFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new StoreException("cannot list catalog directory " + directory + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private static JsonNode parse(ObjectMapper mapper, Path file) {
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (root == null || root.isMissingNode() || !(root.isObject() || root.isArray())) {
                throw new StoreFormatException(file.toString(), -1, -1, "expected a catalog entry object or an array of them", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw StoreCodec.notJson(file.toString(), e);
        } catch (IOException e) {
            throw new StoreException("cannot read catalog file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one entry, collecting every bad field before failing. */
    private static final class EntryReader {
        private final ObjectMapper mapper;
        private final JsonNode node;
        private final String where;
        private final List<FieldError> errors = new ArrayList<>();

        EntryReader(ObjectMapper mapper, JsonNode node, String where) {
            this.mapper = mapper;
            this.node = node;
            this.where = where;
        }

        CatalogEntry read() {
            if (!node.isObject()) {
                throw new InvalidRequestException("catalog entry in " + where,
                        List.of(new FieldError("entry", node.getNodeType(), "must be an object")));
            }
            String id = text("id");
            String name = text("name");
            String version = text("version");
            String description = text("description");
            String category = text("category");
            Map<String, Object> compose = document("docker_compose");
            int minMemory = integer("min_memory");
            int minCpu = integer("min_cpu");
            List<Integer> ports = list("ports", Integer.class);
            List<String> volumes = list("volumes", String.class);
            Map<String, String> environment = stringMap("environment");
            String icon = text("icon");
            List<String> tags = list("tags", String.class);
            if (!errors.isEmpty()) {
                throw new InvalidRequestException("catalog entry in " + where, errors);
            }
            try {
                return new CatalogEntry(id, name, version, description, category, compose, minMemory, minCpu, ports,
                        volumes, environment, icon, tags);
            } catch (InvalidRequestException invalid) {
                throw new InvalidRequestException("catalog entry in " + where, invalid.fieldErrors());
            }
        }

        private JsonNode present(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        private String text(String field) {
            JsonNode value = present(field);
            if (value != null && !value.isValueNode()) {
                errors.add(new FieldError(field, value, "must be a string"));
                return null;
            }
            return value == null ? null : value.asText();
        }

        private int integer(String field) {
            JsonNode value = present(field);
            if (value == null) {
                errors.add(new FieldError(field, null, "is required"));
                return 0;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                errors.add(new FieldError(field, value, "must be a whole number"));
                return 0;
            }
            return value.intValue();
        }

        private Map<String, Object> document(String field) {
            JsonNode value = present(field);
            if (value != null && !value.isObject()) {
                errors.add(new FieldError(field, value, "must be an object"));
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> document = value == null ? null : mapper.convertValue(value, LinkedHashMap.class);
            return document;
        }

        private <T> List<T> list(String field, Class<T> type) {
            JsonNode value = present(field);
            if (value == null) {
                return List.of();
            }
            try {
                return mapper.convertValue(value, mapper.getTypeFactory().constructCollectionType(List.class, type));
            } catch (IllegalArgumentException wrongType) {
                errors.add(new FieldError(field, value, "must be an array of " + type.getSimpleName().toLowerCase(Locale.ROOT)
                        + " values"));
                return List.of();
            }
        }

        private Map<String, String> stringMap(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return Map.of();
            }
            if (!value.isObject()) {
                errors.add(new FieldError(field, value, "must be an object of strings"));
                return Map.of();
            }
            Map<String, String> strings = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> variable : value.properties()) {
                if (!variable.getValue().isValueNode()) {
                    errors.add(new FieldError(field + "." + variable.getKey(), variable.getValue(), "must be a string"));
                } else {
                    strings.put(variable.getKey(), variable.getValue().isNull() ? null : variable.getValue().asText());
                }
            }
            return strings;
        }
    }
}
