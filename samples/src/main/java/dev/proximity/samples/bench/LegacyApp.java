package dev.proximity.samples.bench;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated app exactly as the legacy {@code apps.json} holds it (naive timestamps, wire status
 * names), so it can be written byte for byte like the Python generator and also handed to a store.
 *
 * @param index position in the file, from 0
 * @param catalogId catalog id
 * @param hostname container hostname
 * @param status legacy status name
 * @param url app URL
 * @param lxcId container id
 * @param node Proxmox node
 * @param timestamp naive timestamp used for both created_at and updated_at
 * @param memory config.memory in MB
 * @param cores config.cores
 */
record LegacyApp(int index, String catalogId, String hostname, String status, String url, int lxcId, String node,
                 String timestamp, int memory, int cores) {

    /** @return {@code catalogId + "-" + hostname}, the legacy id */
    String id() {
        return App.idFor(catalogId, hostname);
    }

    /** @return the display name: the catalog id capitalized, like Python's {@code str.capitalize} */
    String name() {
        return Character.toUpperCase(catalogId.charAt(0)) + catalogId.substring(1);
    }

    /** @return the single volume spec */
    String volume() {
        return hostname + "_data";
    }

    /**
     * The app a store should hold for this record. Naive legacy timestamps are read as UTC, which
     * is how the JSON store reads them too.
     *
     * @return the app, version 0 (ready to insert)
     */
    App toApp() {
        Instant at = LocalDateTime.parse(timestamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("memory", memory);
        config.put("cores", cores);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TZ", "UTC");
        environment.put("APP_INDEX", Integer.toString(index));
        return App.builder()
                .id(id()).catalogId(catalogId).name(name()).hostname(hostname)
                .status(AppStatus.fromWireName(status)).url(url).vmid(lxcId).node(node)
                .config(config).ports(Map.of(80, 80)).volumes(List.of(volume())).environment(environment)
                .createdAt(at).updatedAt(at)
                .build();
    }
}
