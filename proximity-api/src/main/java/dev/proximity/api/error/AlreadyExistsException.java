package dev.proximity.api.error;

/**
 * A unique value is already taken: an app id, hostname, vmid or port.
 */
public class AlreadyExistsException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String field;
    private final String value;

    /**
     * @param kind the kind of record, e.g. "app"
     * @param field the unique field that collided, e.g. "hostname"
     * @param value the colliding value
     */
    public AlreadyExistsException(String kind, String field, Object value) {
        this(kind, field, value, null);
    }

    /**
     * @param kind the kind of record, e.g. "app"
     * @param field the unique field that collided, e.g. "hostname"
     * @param value the colliding value
     * @param cause the store's own report of the collision
     */
    public AlreadyExistsException(String kind, String field, Object value, Throwable cause) {
        super(kind + " with " + field + " '" + value + "' already exists", cause);
        this.kind = kind;
        this.field = field;
        this.value = String.valueOf(value);
    }

    /** @return the kind of record */
    public String kind() {
        return kind;
    }

    /** @return the unique field that collided */
    public String field() {
        return field;
    }

    /** @return the colliding value */
    public String value() {
        return value;
    }
}
