package dev.proximity.store.json;

import dev.proximity.api.app.App;
import dev.proximity.api.store.RecordProblem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code apps} array held in memory: every entry in file order (readable or not), plus
 * indexes by id and by each unique field, so lookups do not scan and uniqueness checks are cheap.
 *
 * <p>Entries that cannot be read keep their original JSON and their position; they are written
 * back verbatim. Only readable entries claim ids, hostnames, vmids and ports. A copy shares the
 * immutable entries and copies only the collections, so a transaction can work on a copy and
 * drop it on rollback.
 */
final class AppTable {

    /** One element of the {@code apps} array. */
    private sealed interface Slot permits AppSlot, UnreadableSlot {
    }

    /** A readable entry, found in {@link #byId}. */
    private record AppSlot(String id) implements Slot {
    }

    /** An entry kept verbatim because it cannot be read as an app. */
    private record UnreadableSlot(String raw, String id, String reason) implements Slot {
    }

    /**
     * A unique field already held by another app.
     *
     * @param field the field, as {@link dev.proximity.api.error.AlreadyExistsException} names it
     * @param value the colliding value
     * @param holderId the app holding it
     */
    record Conflict(String field, Object value, String holderId) {
    }

    /**
     * The array in file order, keyed by app id for readable entries and by a key object of its own
     * for each unreadable one (they may repeat an id, or each other), so removal is O(1).
     */
    private final LinkedHashMap<Object, Slot> fileOrder;
    private final TreeMap<String, StoredApp> byId;
    private final Map<String, String> idByHostname;
    private final Map<Integer, String> idByVmid;
    private final Map<Integer, String> idByPublicPort;
    private final Map<Integer, String> idByInternalPort;

    private AppTable(LinkedHashMap<Object, Slot> fileOrder, TreeMap<String, StoredApp> byId, Map<String, String> idByHostname,
                     Map<Integer, String> idByVmid, Map<Integer, String> idByPublicPort,
                     Map<Integer, String> idByInternalPort) {
        this.fileOrder = fileOrder;
        this.byId = byId;
        this.idByHostname = idByHostname;
        this.idByVmid = idByVmid;
        this.idByPublicPort = idByPublicPort;
        this.idByInternalPort = idByInternalPort;
    }

    /** @return a table with no entries */
    static AppTable empty() {
        return new AppTable(new LinkedHashMap<>(), new TreeMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                new HashMap<>());
    }

    /** @return an independent copy sharing the immutable entries */
    AppTable copy() {
        return new AppTable(new LinkedHashMap<>(fileOrder), new TreeMap<>(byId), new HashMap<>(idByHostname),
                new HashMap<>(idByVmid), new HashMap<>(idByPublicPort), new HashMap<>(idByInternalPort));
    }

    /**
     * Appends one entry read from the file. The first readable entry claiming an id or unique
     * value wins; later claimants are kept verbatim as unreadable.
     *
     * @param raw the entry's JSON text as read
     * @param decoded what the codec made of it
     */
    void load(String raw, AppCodec.Decoded decoded) {
        if (decoded instanceof AppCodec.Unreadable unreadable) {
            fileOrder.put(new Object(), new UnreadableSlot(raw, unreadable.id(), unreadable.reason()));
            return;
        }
        StoredApp stored = ((AppCodec.Readable) decoded).stored();
        App app = stored.app();
        Conflict conflict = byId.containsKey(app.id()) ? new Conflict("id", app.id(), app.id()) : conflictOf(app);
        if (conflict != null) {
            fileOrder.put(new Object(), new UnreadableSlot(raw, app.id(), "duplicate " + conflict.field() + " '" + conflict.value()
                    + "': record #" + positionOf(conflict.holderId()) + " (id '" + conflict.holderId()
                    + "') holds it; the first record wins"));
            return;
        }
        add(stored);
    }

    /**
     * @param id an app id
     * @return the stored app
     */
    Optional<StoredApp> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * @param hostname a lower-cased hostname
     * @return the stored app holding it
     */
    Optional<StoredApp> findByHostname(String hostname) {
        return get(idByHostname.get(hostname));
    }

    /** @return every readable app, ordered by id */
    Collection<StoredApp> sortedById() {
        return byId.values();
    }

    /**
     * @param afterId exclusive lower bound, or null
     * @return the apps after it, ordered by id
     */
    NavigableMap<String, StoredApp> after(String afterId) {
        return afterId == null ? byId : byId.tailMap(afterId, false);
    }

    /** @return how many readable apps there are */
    int size() {
        return byId.size();
    }

    /**
     * @param app an app about to be stored
     * @return the first unique field (hostname, vmid, public port, internal port) another app holds, or null
     */
    Conflict conflictOf(App app) {
        Conflict conflict = conflict("hostname", app.hostname(), idByHostname.get(app.hostname()), app.id());
        if (conflict == null && app.vmid() != null) {
            conflict = conflict("vmid", app.vmid(), idByVmid.get(app.vmid()), app.id());
        }
        if (conflict == null && app.publicPort() != null) {
            conflict = conflict("publicPort", app.publicPort(), idByPublicPort.get(app.publicPort()), app.id());
        }
        if (conflict == null && app.internalPort() != null) {
            conflict = conflict("internalPort", app.internalPort(), idByInternalPort.get(app.internalPort()), app.id());
        }
        return conflict;
    }

    private static Conflict conflict(String field, Object value, String holderId, String ownId) {
        return holderId == null || holderId.equals(ownId) ? null : new Conflict(field, value, holderId);
    }

    /** @param stored a new app, appended to the end of the array (the caller checked uniqueness) */
    void add(StoredApp stored) {
        fileOrder.put(stored.app().id(), new AppSlot(stored.app().id()));
        index(stored);
    }

    /** @param stored a new version of a stored app, kept at its position (the caller checked uniqueness) */
    void replace(StoredApp stored) {
        StoredApp previous = byId.get(stored.app().id());
        if (previous == null) {
            throw new IllegalStateException("app '" + stored.app().id() + "' is not stored");
        }
        unindex(previous.app());
        index(stored);
    }

    /**
     * @param id an app id
     * @return whether it was stored and is now removed
     */
    boolean remove(String id) {
        StoredApp previous = byId.get(id);
        if (previous == null) {
            return false;
        }
        unindex(previous.app());
        fileOrder.remove(id);
        return true;
    }

    /** @return the JSON text of the entries to write, in file order */
    List<String> entries() {
        List<String> entries = new ArrayList<>(fileOrder.size());
        for (Slot slot : fileOrder.values()) {
            entries.add(slot instanceof UnreadableSlot unreadable ? unreadable.raw() : byId.get(((AppSlot) slot).id()).json());
        }
        return entries;
    }

    /**
     * @param source the file, for the report
     * @return the unreadable entries and the caveats of readable ones, by current position
     */
    List<RecordProblem> problems(String source) {
        List<RecordProblem> problems = new ArrayList<>();
        int position = 0;
        for (Slot slot : fileOrder.values()) {
            if (slot instanceof UnreadableSlot unreadable) {
                problems.add(new RecordProblem(source, position, unreadable.id(), RecordProblem.Severity.ERROR,
                        unreadable.reason() + "; kept in the file untouched"));
            } else {
                StoredApp stored = byId.get(((AppSlot) slot).id());
                for (String warning : stored.warnings()) {
                    problems.add(new RecordProblem(source, position, stored.app().id(), RecordProblem.Severity.WARNING, warning));
                }
            }
            position++;
        }
        return problems;
    }

    /** Only for messages while loading; O(n). */
    private int positionOf(String id) {
        int position = 0;
        for (Object key : fileOrder.keySet()) {
            if (key.equals(id)) {
                return position;
            }
            position++;
        }
        throw new IllegalStateException("app '" + id + "' has no position");
    }

    private void index(StoredApp stored) {
        App app = stored.app();
        byId.put(app.id(), stored);
        idByHostname.put(app.hostname(), app.id());
        if (app.vmid() != null) {
            idByVmid.put(app.vmid(), app.id());
        }
        if (app.publicPort() != null) {
            idByPublicPort.put(app.publicPort(), app.id());
        }
        if (app.internalPort() != null) {
            idByInternalPort.put(app.internalPort(), app.id());
        }
    }

    private void unindex(App app) {
        byId.remove(app.id());
        idByHostname.remove(app.hostname());
        if (app.vmid() != null) {
            idByVmid.remove(app.vmid());
        }
        if (app.publicPort() != null) {
            idByPublicPort.remove(app.publicPort());
        }
        if (app.internalPort() != null) {
            idByInternalPort.remove(app.internalPort());
        }
    }
}
