package dev.proximity.core.internal.migration;

import dev.proximity.api.app.App;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the source records that claim the same unique value (id, hostname, vmid) in one pass over a
 * source of any size: each claim is kept as a 64-bit hash in a growing {@code long[]} (8 bytes a
 * claim, no objects), sorted once at the end. A hash seen twice marks its claims as suspect; the
 * few suspect records are then compared by their real values, so a hash collision never rejects a
 * record.
 */
final class ClaimIndex {

    private long[] hashes = new long[1 << 12];
    private int size;
    private Set<Long> suspects;

    /** @param app a source app whose claims to count */
    void add(App app) {
        add(app.id(), app.hostname(), app.vmid());
    }

    /**
     * Counts a source record's claims; null ones are not claims.
     *
     * @param id its id
     * @param hostname its hostname
     * @param vmid its vmid
     */
    void add(String id, String hostname, Integer vmid) {
        for (String key : claimKeys(id, hostname, vmid)) {
            put(hash(key));
        }
    }

    private void put(long hash) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[size++] = hash;
    }

    /** Ends counting: from now on {@link #isSuspect} answers. */
    void seal() {
        Arrays.sort(hashes, 0, size);
        suspects = new HashSet<>();
        for (int i = 1; i < size; i++) {
            if (hashes[i] == hashes[i - 1]) {
                suspects.add(hashes[i]);
            }
        }
        hashes = null;
    }

    /** @return whether any claim was seen twice */
    boolean anySuspect() {
        return !suspects.isEmpty();
    }

    /**
     * @param app a source app
     * @return whether one of its claims was seen more than once
     */
    boolean isSuspect(App app) {
        if (suspects.isEmpty()) {
            // the usual source: no app need have its claims hashed again
            return false;
        }
        for (long hash : claims(app)) {
            if (suspects.contains(hash)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param app an app
     * @return its claims as readable keys: {@code id 'x'}, {@code hostname 'y'}, {@code vmid 101}
     */
    static List<String> claimKeys(App app) {
        return claimKeys(app.id(), app.hostname(), app.vmid());
    }

    private static List<String> claimKeys(String id, String hostname, Integer vmid) {
        List<String> keys = new ArrayList<>(3);
        if (id != null) {
            keys.add("id '" + id + "'");
        }
        if (hostname != null) {
            keys.add("hostname '" + hostname + "'");
        }
        if (vmid != null) {
            keys.add("vmid " + vmid);
        }
        return keys;
    }

    private static long[] claims(App app) {
        List<String> keys = claimKeys(app);
        long[] hashes = new long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            hashes[i] = hash(keys.get(i));
        }
        return hashes;
    }

    /** FNV-1a, 64 bits. */
    private static long hash(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
