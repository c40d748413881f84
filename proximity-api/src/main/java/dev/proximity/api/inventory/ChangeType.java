package dev.proximity.api.inventory;

/** What a state snapshot records. */
public enum ChangeType {
    /** Seen for the first time by the first sync that covered its node: it existed before we looked. */
    DISCOVERED,
    /** Appeared since an earlier sync of its node. */
    CREATED,
    /** Its state (not only its volatile counters) changed since the last sync. */
    UPDATED,
    /** Gone from a node that answered; the snapshot holds it as it was last seen. */
    DELETED
}
