package dev.proximity.api.store;

import dev.proximity.api.Validation;

/**
 * What a store is, for messages and reports. Never holds credentials.
 *
 * @param kind {@code json}, {@code sqlite}, {@code postgresql} or {@code dual}
 * @param location file path or URL without credentials
 */
public record StoreDescriptor(String kind, String location) {
    /** Requires both fields. */
    public StoreDescriptor {
        Validation.requiredText(kind, "kind");
        Validation.requiredText(location, "location");
    }

    @Override
    public String toString() {
        return kind + ":" + location;
    }
}
