package dev.proximity.proxmox;

import java.util.Objects;

/**
 * A Proxmox task id: {@code UPID:node:PID:PSTART:STARTTIME:type:id:user:} (note the trailing colon;
 * with an API token the user is {@code user@realm!tokenid}).
 *
 * @param value the whole UPID as the server sent it
 * @param node the node running the task
 * @param type the task type, e.g. {@code vzcreate}
 * @param id the object the task works on, e.g. the vmid, or empty
 * @param user who started it
 */
public record Upid(String value, String node, String type, String id, String user) {

    /** Requires every part. */
    public Upid {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
    }

    /**
     * @param text a UPID
     * @return its parts
     * @throws IllegalArgumentException when the text is not a UPID
     */
    public static Upid parse(String text) {
        if (text == null || !text.startsWith("UPID:")) {
            throw new IllegalArgumentException("not a UPID: '" + text + "'");
        }
        // UPID:node:pid:pstart:starttime:type:id:user: -> the user may itself hold no ':'; keep empty trailing parts
        String[] parts = text.split(":", -1);
        if (parts.length < 9 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a UPID (expected 8 ':'-separated fields): '" + text + "'");
        }
        return new Upid(text, parts[1], parts[5], parts[6], parts[7]);
    }

    @Override
    public String toString() {
        return value;
    }
}
