package dev.proximity.store.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.error.FieldError;
import dev.proximity.api.error.InvalidRequestException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts between {@link App} and the legacy snake_case entries of {@code apps.json}.
 *
 * <p>Reading is forgiving where the original system was sloppy (numbers written as strings, nulls
 * where objects belong, unparsable timestamps, a missing id or name) and reports each such loss as
 * a warning. Values that cannot be turned into an app at all make the whole entry unreadable, with
 * a reason naming every bad field and value.
 *
 * <p>Writing overlays the known fields on the entry the app was read from, so fields this library
 * does not know survive, and an unparsable timestamp the app still holds as unknown keeps its
 * original text. Changed and new entries are written compactly, one line each.
 */
final class AppCodec {

    static final String ID = "id";
    static final String CATALOG_ID = "catalog_id";
    static final String NAME = "name";
    static final String HOSTNAME = "hostname";
    static final String STATUS = "status";
    static final String URL = "url";
    static final String VMID = "lxc_id";
    static final String NODE = "node";
    static final String PUBLIC_PORT = "public_port";
    static final String INTERNAL_PORT = "internal_port";
    static final String CONFIG = "config";
    static final String PORTS = "ports";
    static final String VOLUMES = "volumes";
    static final String ENVIRONMENT = "environment";
    static final String OWNER_ID = "owner_id";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String STATE_CHANGED_AT = "state_changed_at";
    static final String VERSION = "version";

    /** App's record component names as the file spells them, for validation messages. */
    private static final Map<String, String> FILE_NAMES = Map.of(
            "catalogId", CATALOG_ID, "vmid", VMID, "publicPort", PUBLIC_PORT, "internalPort", INTERNAL_PORT,
            "ownerId", OWNER_ID);

    /** Entries written before this library existed carry no version; they count as stored once. */
    private static final long LEGACY_VERSION = 1;

    private final ObjectMapper mapper;
    private final ObjectWriter compact;

    /** @param mapper the mapper used for documents */
    AppCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.compact = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /** The outcome of reading one entry. */
    sealed interface Decoded permits Readable, Unreadable {
    }

    /** @param stored the app read, with its caveats */
    record Readable(StoredApp stored) implements Decoded {
    }

    /**
     * @param id the entry's id, or null when it has none
     * @param reason every problem found, naming field and value
     */
    record Unreadable(String id, String reason) implements Decoded {
    }

    /** The fields {@link #claimsOf} reads: all a migration's first pass decodes of an app. */
    static final Set<String> IDENTITY_FIELDS = Set.of(ID, CATALOG_ID, HOSTNAME, VMID);

    /**
     * What makes an entry unique, read as {@link #decode} reads it: the same id (derived the same way
     * when missing), the hostname lower-cased as an app holds it, the same vmid.
     *
     * @param identity an entry's {@link #IDENTITY_FIELDS}, or the whole entry
     * @return its claims; for an entry {@code decode} cannot read, whatever of them could be read
     */
    ClaimedBy claimsOf(ObjectNode identity) {
        EntryReader in = new EntryReader(identity);
        String id = in.text(ID);
        String catalogId = in.text(CATALOG_ID);
        String hostname = in.text(HOSTNAME);
        Integer vmid = in.integer(VMID);
        String derived = id == null || id.isBlank() ? derivedId(catalogId, hostname) : null;
        return new ClaimedBy(derived != null ? derived : id, hostname == null ? null : hostname.toLowerCase(Locale.ROOT), vmid);
    }

    /** @return the id an entry without one gets, from its catalog id and hostname; null when either is missing */
    private static String derivedId(String catalogId, String hostname) {
        if (catalogId == null || catalogId.isBlank() || hostname == null || hostname.isBlank()) {
            return null;
        }
        return App.idFor(catalogId, hostname.toLowerCase(Locale.ROOT));
    }

    /**
     * @param id the entry's id, or null
     * @param hostname its hostname lower-cased, or null
     * @param vmid its vmid, or null
     */
    record ClaimedBy(String id, String hostname, Integer vmid) {
    }

    /**
     * @param entry one element of the {@code apps} array
     * @param text the same element as JSON text, kept to write it back unchanged
     * @return the app, or why it cannot be read
     */
    Decoded decode(JsonNode entry, String text) {
        if (!entry.isObject()) {
            return new Unreadable(null, "entry is " + kindOf(entry) + ", not an object");
        }
        EntryReader in = new EntryReader((ObjectNode) entry);
        String id = in.text(ID);
        String catalogId = in.text(CATALOG_ID);
        String hostname = in.text(HOSTNAME);
        String name = in.text(NAME);
        AppStatus status = in.status();
        App.Builder app = App.builder()
                .catalogId(catalogId)
                .hostname(hostname)
                .status(status)
                .url(in.text(URL))
                .vmid(in.integer(VMID))
                .node(in.text(NODE))
                .publicPort(in.integer(PUBLIC_PORT))
                .internalPort(in.integer(INTERNAL_PORT))
                .config(in.document(CONFIG))
                .ports(in.ports())
                .volumes(in.strings(VOLUMES))
                .environment(in.stringMap(ENVIRONMENT))
                .ownerId(in.text(OWNER_ID))
                .createdAt(in.timestamp(CREATED_AT))
                .updatedAt(in.timestamp(UPDATED_AT))
                .stateChangedAt(in.timestamp(STATE_CHANGED_AT))
                .version(in.version());
        if (id == null || id.isBlank()) {
            String derived = derivedId(catalogId, hostname);
            if (derived == null) {
                in.error("id is missing and cannot be derived: catalog_id and hostname are required");
            } else {
                id = derived;
                in.warning("id is missing; derived '" + id + "' from catalog_id and hostname");
            }
        }
        if (name == null) {
            name = hostname;
            in.warning("name is missing; read as the hostname '" + hostname + "'");
        }
        app.id(id).name(name);
        if (!in.errors.isEmpty()) {
            return new Unreadable(id, String.join("; ", in.errors));
        }
        try {
            return new Readable(new StoredApp(app.build(), text, in.warnings));
        } catch (InvalidRequestException invalid) {
            return new Unreadable(id, invalid.fieldErrors().stream().map(AppCodec::describe)
                    .collect(Collectors.joining("; ")));
        }
    }

    /**
     * Writes an app over the entry it was read from.
     *
     * @param app the app to write
     * @param previous the stored entry it replaces, or null for a new app
     * @return the stored form, exactly as a later read of the file will see it
     */
    StoredApp encode(App app, StoredApp previous) {
        ObjectNode entry = previous == null ? mapper.createObjectNode() : parse(previous.json());
        entry.put(ID, app.id());
        entry.put(CATALOG_ID, app.catalogId());
        entry.put(NAME, app.name());
        entry.put(HOSTNAME, app.hostname());
        entry.put(STATUS, app.status().wireName());
        entry.put(URL, app.url());
        entry.put(VMID, app.vmid());
        entry.put(NODE, app.node());
        entry.put(PUBLIC_PORT, app.publicPort());
        entry.put(INTERNAL_PORT, app.internalPort());
        entry.set(CONFIG, mapper.valueToTree(app.config()));
        ObjectNode ports = entry.objectNode();
        app.ports().forEach((container, host) -> ports.put(String.valueOf(container), host));
        entry.set(PORTS, ports);
        entry.set(VOLUMES, mapper.valueToTree(app.volumes()));
        entry.set(ENVIRONMENT, mapper.valueToTree(app.environment()));
        entry.put(OWNER_ID, app.ownerId());
        putTimestamp(entry, CREATED_AT, app.createdAt());
        putTimestamp(entry, UPDATED_AT, app.updatedAt());
        putTimestamp(entry, STATE_CHANGED_AT, app.stateChangedAt());
        entry.put(VERSION, app.version());
        // Reading back what will be written gives the app every later read returns (document
        // numbers normalized, caveats recomputed), so this process never sees a different value
        // than another process reading the file.
        Decoded decoded = decode(entry, text(entry));
        if (decoded instanceof Readable readable) {
            return readable.stored();
        }
        throw new IllegalStateException("app '" + app.id() + "' does not read back: " + ((Unreadable) decoded).reason());
    }

    /**
     * @param entry an entry
     * @return its compact JSON text, one line, as new and changed entries are written
     */
    String text(JsonNode entry) {
        try {
            return compact.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an apps entry: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode parse(String stored) {
        try {
            return (ObjectNode) mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored apps entry does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** Keeps an unparsable original timestamp while the app still holds it as unknown. */
    private static void putTimestamp(ObjectNode entry, String field, Instant value) {
        if (value != null) {
            entry.put(field, LegacyTimestamps.format(value));
            return;
        }
        JsonNode original = entry.get(field);
        boolean unparsableOriginal = original != null && !original.isNull()
                && (!original.isTextual() || LegacyTimestamps.parse(original.asText()).isEmpty());
        if (!unparsableOriginal) {
            entry.putNull(field);
        }
    }

    /**
     * Turns a JSON object into plain Java values the way Jackson's untyped reading does (objects to
     * ordered maps, arrays to lists, integers to the smallest of Integer/Long/BigInteger, decimals
     * to Double), without its per-call setup: a large file holds a document per app.
     */
    private static Map<String, Object> objectOf(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            map.put(field.getKey(), valueOf(field.getValue()));
        }
        return map;
    }

    private static Object valueOf(JsonNode node) {
        if (node.isObject()) {
            return objectOf(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(valueOf(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /**
     * A value for a problem report: scalars quoted as written (the report must name the bad
     * value), containers only by kind, so a report never copies a nested document that may hold
     * secrets.
     */
    private static String shown(JsonNode value) {
        return value.isContainerNode() ? kindOf(value) : "'" + value.asText() + "'";
    }

    /** Names a node's kind only; used where even a scalar may be a secret (environment values). */
    private static String kindOf(JsonNode value) {
        return "a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String describe(FieldError error) {
        String field = FILE_NAMES.getOrDefault(error.field(), error.field());
        return field + " " + error.message() + (error.rejectedValue() == null ? "" : " (was '" + error.rejectedValue() + "')");
    }

    /** Reads the fields of one entry, collecting errors and warnings instead of stopping at the first. */
    private final class EntryReader {
        private final ObjectNode entry;
        private final List<String> errors = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        EntryReader(ObjectNode entry) {
            this.entry = entry;
        }

        void error(String reason) {
            errors.add(reason);
        }

        void warning(String reason) {
            warnings.add(reason);
        }

        private JsonNode present(String field) {
            JsonNode value = entry.get(field);
            return value == null || value.isNull() ? null : value;
        }

        String text(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return null;
            }
            if (value.isContainerNode()) {
                error(field + " is " + shown(value) + ", not a string");
                return null;
            }
            return value.asText();
        }

        Integer integer(String field) {
            JsonNode value = present(field);
            return value == null ? null : wholeNumber(field, value);
        }

        /**
         * Accepts JSON integers, integers written as strings ("124") as the original wrote some, and
         * whole numbers written with a fraction (130.0, "130.0"): their meaning is unambiguous.
         */
        private Integer wholeNumber(String label, JsonNode value) {
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            if (value.isNumber() && isWhole(value.doubleValue())) {
                return (int) value.doubleValue();
            }
            if (value.isTextual()) {
                String text = value.asText().trim();
                try {
                    return Integer.valueOf(text);
                } catch (NumberFormatException notAnInteger) {
                    try {
                        double number = Double.parseDouble(text);
                        if (isWhole(number) && !text.matches(".*[a-zA-Z].*")) {
                            return (int) number;
                        }
                    } catch (NumberFormatException notANumber) {
                        // reported below
                    }
                }
            }
            error(label + " " + shown(value) + " is not a whole number");
            return null;
        }

        private static boolean isWhole(double number) {
            return number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE;
        }

        AppStatus status() {
            JsonNode value = present(STATUS);
            if (value == null) {
                error("status is missing");
                return null;
            }
            try {
                return AppStatus.fromWireName(value.asText());
            } catch (InvalidRequestException unknown) {
                error(unknown.fieldErrors().stream().map(AppCodec::describe).collect(Collectors.joining("; ")));
                return null;
            }
        }

        Instant timestamp(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return null;
            }
            Instant parsed = value.isNumber() ? epochSeconds(value.decimalValue())
                    : value.isTextual() ? LegacyTimestamps.parse(value.asText()).orElse(null) : null;
            if (parsed == null) {
                warning(field + " " + shown(value) + " is not a timestamp; read as unknown, original text kept");
            }
            return parsed;
        }

        /** A timestamp written as seconds since the epoch (some writers used {@code time.time()}). */
        private static Instant epochSeconds(java.math.BigDecimal seconds) {
            try {
                java.math.BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
                long nanos = seconds.subtract(whole).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole.longValueExact(), nanos);
            } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
                return null;
            }
        }

        long version() {
            JsonNode value = present(VERSION);
            if (value == null) {
                return LEGACY_VERSION;
            }
            if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 1) {
                return value.longValue();
            }
            error(VERSION + " " + shown(value) + " is not a positive whole number");
            return LEGACY_VERSION;
        }

        Map<String, Object> document(String field) {
            JsonNode value = presentObject(field);
            return value == null ? Map.of() : objectOf(value);
        }

        /** The field's object, or null when it is absent or (an error, recorded) not an object. */
        private JsonNode presentObject(String field) {
            JsonNode value = present(field);
            if (value != null && !value.isObject()) {
                error(field + " is " + shown(value) + ", not an object");
                return null;
            }
            return value;
        }

        Map<Integer, Integer> ports() {
            JsonNode value = presentObject(PORTS);
            if (value == null) {
                return Map.of();
            }
            Map<Integer, Integer> ports = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> port : value.properties()) {
                String label = PORTS + "[\"" + port.getKey() + "\"]";
                Integer container = null;
                try {
                    container = Integer.valueOf(port.getKey().trim());
                } catch (NumberFormatException notANumber) {
                    error(PORTS + " key '" + port.getKey() + "' is not a port number");
                }
                Integer host = null;
                if (port.getValue().isNull()) {
                    error(label + " is null");
                } else {
                    host = wholeNumber(label, port.getValue());
                }
                if (container != null && host != null) {
                    ports.put(container, host);
                }
            }
            return ports;
        }

        List<String> strings(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                error(field + " is " + shown(value) + ", not an array");
                return List.of();
            }
            List<String> strings = new ArrayList<>();
            for (JsonNode element : value) {
                if (element.isContainerNode()) {
                    error(field + " element is " + shown(element) + ", not a string");
                } else {
                    strings.add(element.isNull() ? null : element.asText());
                }
            }
            return strings;
        }

        Map<String, String> stringMap(String field) {
            JsonNode value = presentObject(field);
            if (value == null) {
                return Map.of();
            }
            Map<String, String> strings = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> variable : value.properties()) {
                JsonNode text = variable.getValue();
                if (text.isContainerNode()) {
                    error(field + "[\"" + variable.getKey() + "\"] is " + kindOf(text) + ", not a string");
                } else {
                    strings.put(variable.getKey(), text.isNull() ? null : text.asText());
                }
            }
            return strings;
        }
    }
}
