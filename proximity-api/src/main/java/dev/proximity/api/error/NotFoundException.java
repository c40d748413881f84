package dev.proximity.api.error;

/**
 * The thing asked for does not exist.
 */
public class NotFoundException extends ProximityException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String key;

    /**
     * @param kind what was looked up, e.g. "app", "container", "migration run"
     * @param key the key it was looked up by
     */
    public NotFoundException(String kind, String key) {
        super(kind + " '" + key + "' not found");
        this.kind = kind;
        this.key = key;
    }

    /** @return what was looked up */
    public String kind() {
        return kind;
    }

    /** @return the key it was looked up by */
    public String key() {
        return key;
    }
}
