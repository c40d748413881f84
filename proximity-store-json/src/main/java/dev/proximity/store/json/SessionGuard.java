package dev.proximity.store.json;

/**
 * Enforces the session rules: a session works only inside the {@code read}/{@code write} call
 * that handed it out, and a read session refuses changes. Also records whether anything changed,
 * so a write transaction that only read does not rewrite the file.
 */
final class SessionGuard {

    private final boolean writable;
    private boolean open = true;
    private boolean changed;

    private SessionGuard(boolean writable) {
        this.writable = writable;
    }

    /** @return a guard for {@code read} */
    static SessionGuard readOnly() {
        return new SessionGuard(false);
    }

    /** @return a guard for {@code write} */
    static SessionGuard readWrite() {
        return new SessionGuard(true);
    }

    /** Fails once the call that handed out the session has returned. */
    void checkOpen() {
        if (!open) {
            throw new IllegalStateException("store session used after the read/write call that handed it out returned");
        }
    }

    /**
     * Call before every change.
     *
     * @param operation what the caller is about to do, for the message
     */
    void beforeChange(String operation) {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException(operation + " is not allowed in a read-only session; use store.write(...)");
        }
        changed = true;
    }

    /** @return whether a change was made */
    boolean changed() {
        return changed;
    }

    /** Ends the session. */
    void close() {
        open = false;
    }
}
