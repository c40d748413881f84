package dev.proximity.api.platform;

import dev.proximity.api.Validation;

/**
 * A password, token secret or key passphrase. Never printed: {@code toString} masks it.
 *
 * @param value the secret text; read it only where it is sent
 */
public record Secret(String value) {

    /** Requires a value. */
    public Secret {
        Validation.required(value, "secret");
    }

    /**
     * @param value the secret text
     * @return the secret
     */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** @return a mask, never the value */
    @Override
    public String toString() {
        return "******";
    }
}
