package dev.proximity.store.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proximity.api.app.AppBackup;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.error.StoreException;
import dev.proximity.api.error.StoreFormatException;
import dev.proximity.api.inventory.InventoryResource;
import dev.proximity.api.inventory.StateChange;
import dev.proximity.api.migration.MigrationRun;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.ClaimVisitor;
import dev.proximity.api.store.RecordProblem;
import dev.proximity.api.store.RecordSource;
import dev.proximity.api.store.RecordVisitor;
import dev.proximity.api.store.StoreDescriptor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams a store file (a legacy {@code apps.json} included) for a migration: the {@code apps}
 * array is parsed one entry at a time, so memory stays flat however many apps the file holds. The
 * file is only read, never locked or written. The checkpoint of an app is its position in the file;
 * a resumed stream skips the entries before it without decoding them.
 */
final class JsonFileSource implements RecordSource {

    private static final String CHECKPOINT = "position:";

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AppCodec apps = new AppCodec(mapper);
    private final RecordCodec records = new RecordCodec(mapper);

    JsonFileSource(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public void stream(String afterCheckpoint, RecordVisitor visitor) {
        long skip = afterCheckpoint == null ? 0 : positionOf(afterCheckpoint) + 1;
        String source = file.toString();
        List<PortLease> leases = new ArrayList<>();
        Map<String, List<DeploymentLogEntry>> logs = new java.util.LinkedHashMap<>();
        List<MigrationRun> runs = new ArrayList<>();
        List<InventoryResource> inventory = new ArrayList<>();
        List<StateChange> history = new ArrayList<>();
        List<AppBackup> backups = new ArrayList<>();
        Map<String, String> settings = new java.util.TreeMap<>();
        boolean appsRead = parse(parser -> streamApps(parser, skip, visitor), (key, parser) -> {
            JsonNode section = mapper.readTree(parser);
            switch (key) {
                case StoreCodec.PORT_LEASES -> leases.addAll(records.readLeases(section, source));
                case StoreCodec.DEPLOYMENT_LOGS -> logs.putAll(records.readLogs(section, source));
                case StoreCodec.MIGRATION_RUNS -> runs.addAll(records.readRuns(section, source));
                case StoreCodec.SETTINGS -> settings.putAll(records.readSettings(section, source));
                case StoreCodec.INVENTORY -> inventory.addAll(records.readInventory(section, source));
                case StoreCodec.INVENTORY_HISTORY -> history.addAll(records.readHistory(section, source));
                case StoreCodec.BACKUPS -> backups.addAll(records.readBackups(section, source));
                default -> { }
            }
        });
        if (!appsRead) {
            return;
        }
        if (!visitor.appsDone()) {
            return;
        }
        for (PortLease lease : leases) {
            if (!visitor.lease(lease)) {
                return;
            }
        }
        for (Map.Entry<String, List<DeploymentLogEntry>> log : logs.entrySet()) {
            if (!visitor.log(log.getKey(), log.getValue())) {
                return;
            }
        }
        for (MigrationRun run : runs) {
            if (!visitor.run(run)) {
                return;
            }
        }
        for (InventoryResource resource : inventory) {
            if (!visitor.resource(resource)) {
                return;
            }
        }
        history.sort(java.util.Comparator.comparing(StateChange::id));
        for (StateChange snapshot : history) {
            if (!visitor.snapshot(snapshot)) {
                return;
            }
        }
        backups.sort(java.util.Comparator.comparing(AppBackup::id));
        for (AppBackup backup : backups) {
            if (!visitor.backup(backup)) {
                return;
            }
        }
        settings.forEach(visitor::setting);
    }

    /**
     * Reads only the fields that make each app unique, skipping the rest of every entry unparsed:
     * the first pass of a migration reads a large file several times faster this way.
     */
    @Override
    public void streamClaims(ClaimVisitor visitor) {
        // the other sections are not needed, but a file broken there fails now, before anything is copied
        parse(parser -> streamClaims(parser, visitor), (key, parser) -> parser.skipChildren());
    }

    /** @return false when the visitor stopped */
    private boolean streamClaims(JsonParser parser, ClaimVisitor visitor) throws IOException {
        return eachEntry(parser, (position, token) -> {
            AppCodec.ClaimedBy claims = new AppCodec.ClaimedBy(null, null, null);
            if (token == JsonToken.START_OBJECT) {
                ObjectNode identity = mapper.createObjectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (AppCodec.IDENTITY_FIELDS.contains(field)) {
                        identity.set(field, mapper.readTree(parser));
                    } else {
                        parser.skipChildren();
                    }
                }
                claims = apps.claimsOf(identity);
            } else {
                parser.skipChildren();
            }
            return visitor.app(position, claims.id(), claims.hostname(), claims.vmid());
        });
    }

    /** Reads the {@code apps} array, the parser on its opening bracket. */
    @FunctionalInterface
    private interface AppsReader {
        /** @return false when the visitor stopped, which ends the file's reading */
        boolean read(JsonParser parser) throws IOException;
    }

    /** Reads one other top-level section, the parser on its first token; it must consume the section. */
    @FunctionalInterface
    private interface SectionReader {
        void read(String key, JsonParser parser) throws IOException;
    }

    /**
     * Walks the file's top-level object, if the file exists: the {@code apps} array to one reader,
     * every other section to the other.
     *
     * @return false when the apps reader stopped; true otherwise, and for a file that does not exist yet (an empty store)
     */
    private boolean parse(AppsReader appsArray, SectionReader otherSection) {
        String source = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser parser = mapper.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw formatError(parser.currentTokenLocation(), "the top level is not an object; expected {\"apps\": [...]}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (StoreCodec.APPS.equals(key) && value == JsonToken.START_ARRAY) {
                    if (!appsArray.read(parser)) {
                        return false;
                    }
                } else {
                    otherSection.read(key, parser);
                }
            }
            return true;
        } catch (NoSuchFileException missing) {
            return true;
        } catch (JsonProcessingException e) {
            throw StoreCodec.notJson(source, e);
        } catch (IOException e) {
            throw new StoreException("cannot read JSON store " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads one entry of the {@code apps} array, the parser on its first token; it must consume the entry. */
    @FunctionalInterface
    private interface ArrayEntry {
        /** @return false to stop */
        boolean read(long position, JsonToken first) throws IOException;
    }

    /** @return false when the reader stopped; true at the end of the array */
    private boolean eachEntry(JsonParser parser, ArrayEntry entry) throws IOException {
        long position = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), position++) {
            if (token == null) {
                throw formatError(parser.currentLocation(), "the \"apps\" array is not closed");
            }
            if (!entry.read(position, token)) {
                return false;
            }
        }
        return true;
    }

    /** @return false when the visitor stopped */
    private boolean streamApps(JsonParser parser, long skip, RecordVisitor visitor) throws IOException {
        return eachEntry(parser, (position, token) -> {
            if (position < skip) {
                parser.skipChildren();
                return true;
            }
            JsonNode entry = mapper.readTree(parser);
            String checkpoint = CHECKPOINT + position;
            AppCodec.Decoded decoded = apps.decode(entry, null);
            if (decoded instanceof AppCodec.Readable readable) {
                return visitor.app(position, checkpoint, readable.stored().app());
            }
            AppCodec.Unreadable unreadable = (AppCodec.Unreadable) decoded;
            return visitor.unreadableApp(checkpoint, new RecordProblem(file.toString(), (int) Math.min(position, Integer.MAX_VALUE),
                    unreadable.id(), RecordProblem.Severity.ERROR, unreadable.reason()));
        });
    }

    private static long positionOf(String checkpoint) {
        if (!checkpoint.startsWith(CHECKPOINT)) {
            throw new IllegalArgumentException("not a checkpoint of a JSON store: '" + checkpoint + "'");
        }
        return Long.parseLong(checkpoint.substring(CHECKPOINT.length()));
    }

    private StoreFormatException formatError(JsonLocation at, String problem) {
        return StoreCodec.formatError(file.toString(), at, problem);
    }

    @Override
    public StoreDescriptor descriptor() {
        return new StoreDescriptor("json", file.toString());
    }

    @Override
    public void close() {
        // nothing is held between streams
    }
}
