package dev.proximity.core.internal.app;

import dev.proximity.api.catalog.CatalogEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A catalog entry's compose document made into one app's stack:
 * <ul>
 *   <li>the catalog's main port (its first {@code ports} entry) is published on the app's internal
 *       port, so several apps can share nothing and never collide;</li>
 *   <li>named volumes become bind mounts under the app's own directory in the container
 *       ({@code APPDIR/APPID/volumes/NAME}), so the data of each app lives in one known place.</li>
 * </ul>
 *
 * @param document the compose document as JSON text (valid YAML)
 * @param ports container port to host port, for the app record
 * @param volumes the bind mounts ({@code SOURCE:TARGET}), for the app record
 * @param volumeDirectories the directories the bind mounts need, created before {@code compose up}
 * @param probePort the port that answers once the app is up, or null when the catalog names none
 */
record ComposeStack(String document, Map<Integer, Integer> ports, List<String> volumes, List<String> volumeDirectories,
                    Integer probePort) {

    /**
     * @param entry the catalog entry
     * @param appId the app
     * @param internalPort the app's internal port
     * @param appDirectory the base directory of stacks in the container
     * @return the stack
     */
    static ComposeStack of(CatalogEntry entry, String appId, int internalPort, String appDirectory) {
        Map<String, Object> document = copyMap(entry.dockerCompose());
        String volumesRoot = appDirectory + "/" + appId + "/volumes";
        Integer mainPort = entry.ports().isEmpty() ? null : entry.ports().get(0);
        Set<String> named = namedVolumes(document, entry);
        Set<String> binds = new LinkedHashSet<>();
        Set<String> directories = new LinkedHashSet<>();
        boolean published = false;
        Map<String, Object> services = asMap(document.get("services"));
        for (Object service : services.values()) {
            Map<String, Object> definition = asMap(service);
            if (mainPort != null && definition.get("ports") instanceof List<?> ports) {
                List<Object> rewritten = new ArrayList<>();
                for (Object port : ports) {
                    Object mapped = publish(port, mainPort, internalPort);
                    published |= mapped != port;
                    rewritten.add(mapped);
                }
                definition.put("ports", rewritten);
            }
            if (definition.get("volumes") instanceof List<?> volumes) {
                List<Object> rewritten = new ArrayList<>();
                for (Object volume : volumes) {
                    rewritten.add(bind(volume, named, volumesRoot, binds, directories));
                }
                definition.put("volumes", rewritten);
            }
        }
        if (mainPort != null && !published && !services.isEmpty()) {
            Map<String, Object> first = asMap(services.values().iterator().next());
            List<Object> ports = first.get("ports") instanceof List<?> existing ? new ArrayList<>(existing) : new ArrayList<>();
            ports.add(internalPort + ":" + mainPort);
            first.put("ports", ports);
        }
        if (document.get("volumes") instanceof Map<?, ?> declared) {
            Map<String, Object> kept = new LinkedHashMap<>();
            declared.forEach((name, spec) -> {
                if (!named.contains(String.valueOf(name))) {
                    kept.put(String.valueOf(name), spec);
                }
            });
            if (kept.isEmpty()) {
                document.remove("volumes");
            } else {
                document.put("volumes", kept);
            }
        }
        Map<Integer, Integer> portMap = mainPort == null ? Map.of() : Map.of(mainPort, internalPort);
        return new ComposeStack(JsonText.write(document), portMap, List.copyOf(binds), List.copyOf(directories),
                mainPort == null ? null : internalPort);
    }

    /** The volumes to turn into per-app bind mounts: those the document declares and those the entry lists. */
    private static Set<String> namedVolumes(Map<String, Object> document, CatalogEntry entry) {
        Set<String> named = new LinkedHashSet<>(entry.volumes());
        if (document.get("volumes") instanceof Map<?, ?> declared) {
            declared.keySet().forEach(name -> named.add(String.valueOf(name)));
        }
        return named;
    }

    private static Object publish(Object port, int mainPort, int internalPort) {
        if (port instanceof Map<?, ?> longForm) {
            Object target = longForm.get("target");
            if (target != null && String.valueOf(target).equals(Integer.toString(mainPort))) {
                Map<String, Object> mapped = copyMap(longForm);
                mapped.put("published", Integer.toString(internalPort));
                return mapped;
            }
            return port;
        }
        String text = String.valueOf(port);
        String protocol = "";
        int slash = text.indexOf('/');
        if (slash >= 0) {
            protocol = text.substring(slash);
            text = text.substring(0, slash);
        }
        String[] parts = text.split(":");
        if (!parts[parts.length - 1].equals(Integer.toString(mainPort))) {
            return port;
        }
        String address = parts.length == 3 ? parts[0] + ":" : "";
        return address + internalPort + ":" + mainPort + protocol;
    }

    private static Object bind(Object volume, Set<String> named, String volumesRoot, Set<String> binds,
                               Set<String> directories) {
        if (volume instanceof Map<?, ?> longForm) {
            Object source = longForm.get("source");
            if (source != null && named.contains(String.valueOf(source))
                    && !"bind".equals(longForm.get("type"))) {
                String directory = volumesRoot + "/" + source;
                Map<String, Object> mapped = copyMap(longForm);
                mapped.put("type", "bind");
                mapped.put("source", directory);
                directories.add(directory);
                binds.add(directory + ":" + longForm.get("target"));
                return mapped;
            }
            return volume;
        }
        String text = String.valueOf(volume);
        int colon = text.indexOf(':');
        if (colon <= 0 || !named.contains(text.substring(0, colon))) {
            return volume;
        }
        String directory = volumesRoot + "/" + text.substring(0, colon);
        String rest = text.substring(colon);
        directories.add(directory);
        String target = rest.substring(1).split(":")[0];
        binds.add(directory + ":" + target);
        return directory + rest;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    /** A deep, mutable copy, so the catalog's (unmodifiable) document is never touched. */
    private static Map<String, Object> copyMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), copy(value)));
        return copy;
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        return value;
    }
}
