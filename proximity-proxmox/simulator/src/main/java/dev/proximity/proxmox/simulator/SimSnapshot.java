package dev.proximity.proxmox.simulator;

import java.util.Map;

/**
 * A container snapshot: its name, description, time, parent, and the configuration it restores.
 *
 * @param name its name
 * @param description its description
 * @param snaptime when it was taken, epoch seconds
 * @param parent the snapshot it was taken after, or null
 * @param config the configuration a rollback restores
 */
record SimSnapshot(String name, String description, long snaptime, String parent, Map<String, Object> config) {
}
