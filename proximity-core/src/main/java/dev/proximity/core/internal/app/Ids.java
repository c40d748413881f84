package dev.proximity.core.internal.app;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids of deployment attempts and installations: short, lower-case, unique enough to never collide in practice. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** @return a new deployment attempt id, e.g. {@code d-1f3a9c0b2e7d} */
    static String newDeploymentId() {
        return "d-" + random(6);
    }

    /** @return a new installation id, e.g. {@code 7c1e04a9b2} (fits in a Proxmox tag) */
    static String newInstallationId() {
        return random(5);
    }

    /**
     * @param purpose what the snapshot is for, e.g. {@code clone}
     * @return a name for a snapshot Proximity takes for itself, e.g. {@code proximity-clone-3fa9c1}
     */
    static String temporarySnapshot(String purpose) {
        return "proximity-" + purpose + "-" + random(3);
    }

    /**
     * @param at when the backup is asked for
     * @return a new backup id that sorts by time, e.g. {@code b-20261203160512-3fa9c1}
     */
    static String newBackupId(java.time.Instant at) {
        return "b-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(at) + "-" + random(3);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
