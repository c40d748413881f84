package dev.proximity.core.internal.inventory;

import dev.proximity.api.inventory.ObservedResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest of a resource's state: every field but the volatile counters, in a fixed order, so
 * two observations differ in digest exactly when something other than a counter changed.
 */
final class ResourceDigest {

    private ResourceDigest() {
    }

    static String of(ObservedResource seen) {
        StringBuilder canonical = new StringBuilder(256)
                .append(seen.id()).append('\n').append(seen.type()).append('\n').append(seen.node()).append('\n')
                .append(seen.name()).append('\n').append(seen.vmid()).append('\n').append(seen.status()).append('\n')
                .append(String.join(";", seen.tags())).append('\n');
        // properties are kept in key order, so the same fields always hash alike
        seen.properties().forEach((key, value) -> canonical.append(key).append('=').append(value).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
