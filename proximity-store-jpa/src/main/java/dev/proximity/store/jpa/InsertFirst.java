package dev.proximity.store.jpa;

/**
 * Whether a store's bulk writes should insert a batch outright before asking the table what it
 * holds. A copy into an empty table finds nothing, batch after batch, yet the lookups of ids and
 * unique values cost an eighth (SQLite) to a fifth (PostgreSQL) of its writing. So while the
 * batches keep turning out all new, the next one is inserted straight away behind a savepoint,
 * and looked up only if a constraint refuses it. Once a batch was not all new (a resumed copy,
 * mirrored updates), batches are looked up first again until one is all new, so a wrong guess
 * costs about one batch.
 */
final class InsertFirst {

    private volatile boolean lastAllNew = true;

    /** @return whether the last bulk write created every app it was given */
    boolean worthTrying() {
        return lastAllNew;
    }

    /** @param allNew whether the bulk write just done created every app it was given */
    void learn(boolean allNew) {
        lastAllNew = allNew;
    }
}
