package dev.proximity.core.internal.app;

import dev.proximity.api.Validation;
import dev.proximity.api.catalog.CatalogEntry;

import java.util.Map;

/**
 * The cores and memory of a new app's container: the catalog's minimums, or more where the request
 * asks ({@code config.cores}, {@code config.memory} in MB). Less than the minimum is an error, never
 * silently raised.
 *
 * @param cores cores
 * @param memoryMb memory, MB
 */
record Resources(int cores, int memoryMb) {

    /** The largest values Proxmox accepts for an LXC container. */
    private static final int MAX_CORES = 8192;
    private static final int MAX_MEMORY_MB = 4 * 1024 * 1024;

    /**
     * @param entry the catalog entry
     * @param config the request's settings
     * @return the resources
     * @throws dev.proximity.api.error.InvalidRequestException naming the field
     */
    static Resources of(CatalogEntry entry, Map<String, Object> config) {
        Validation.Errors errors = Validation.errors();
        int cores = whole(config, "cores", entry.minCpu(), errors);
        int memory = whole(config, "memory", entry.minMemoryMb(), errors);
        errors.check(cores < entry.minCpu(), "config.cores", cores, "is below the catalog minimum of " + entry.minCpu()
                        + " for '" + entry.id() + "'")
                .check(cores > MAX_CORES, "config.cores", cores, "is above " + MAX_CORES)
                .check(memory < entry.minMemoryMb(), "config.memory", memory, "is below the catalog minimum of "
                        + entry.minMemoryMb() + " MB for '" + entry.id() + "'")
                .check(memory > MAX_MEMORY_MB, "config.memory", memory, "is above " + MAX_MEMORY_MB + " MB")
                .throwIfAny("deploy request");
        return new Resources(cores, memory);
    }

    /**
     * @param config a container's configuration as Proxmox shows it
     * @return its cores and memory; Proxmox's defaults (1 core, 512 MB) where it sets none
     */
    static Resources ofContainer(Map<String, String> config) {
        return new Resources(wholeOr(config.get("cores"), 1), wholeOr(config.get("memory"), 512));
    }

    /**
     * @param config a container's configuration as Proxmox shows it
     * @param settings the settings, for the default storage
     * @return the storage of its root disk ({@code local-lvm} of {@code local-lvm:vm-101-disk-0,size=8G}),
     *         or the configured container storage when the configuration names none
     */
    static String rootStorage(Map<String, String> config, AppSettings settings) {
        String rootfs = config.get("rootfs");
        return rootfs != null && rootfs.indexOf(':') > 0 ? rootfs.substring(0, rootfs.indexOf(':')) : settings.container().storage();
    }

    private static int wholeOr(String text, int fallback) {
        try {
            return text == null ? fallback : (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int whole(Map<String, Object> config, String key, int fallback, Validation.Errors errors) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) < Integer.MAX_VALUE) {
            return number.intValue();
        }
        if (value instanceof String text && text.trim().matches("\\d{1,9}")) {
            return Integer.parseInt(text.trim());
        }
        errors.check(true, "config." + key, value, "must be a whole number");
        return fallback;
    }

    @Override
    public String toString() {
        return cores + (cores == 1 ? " core, " : " cores, ") + memoryMb + " MB";
    }
}
