package dev.proximity.proxmox;

import dev.proximity.api.platform.ContainerSpec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Turns a {@link ContainerSpec} into the form of {@code POST /nodes/{node}/lxc}. */
final class ContainerParams {

    private ContainerParams() {
    }

    /**
     * @param spec what to create
     * @param vmid the vmid to create it as
     * @param markerTag the tag that marks containers this library created (kept first, added once)
     * @return the form parameters, booleans as {@code 0}/{@code 1}
     */
    static Map<String, String> of(ContainerSpec spec, int vmid, String markerTag) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", Integer.toString(vmid));
        form.put("ostemplate", spec.osTemplate());
        putIfSet(form, "hostname", spec.hostname());
        form.put("cores", Integer.toString(spec.cores()));
        form.put("memory", Integer.toString(spec.memoryMb()));
        form.put("swap", Integer.toString(spec.swapMb()));
        putIfSet(form, "rootfs", spec.rootfs());
        putIfSet(form, "net0", spec.net0());
        putIfSet(form, "features", spec.features());
        form.put("unprivileged", spec.unprivileged() ? "1" : "0");
        if (spec.password() != null) {
            form.put("password", spec.password().value());
        }
        putIfSet(form, "ssh-public-keys", spec.sshPublicKeys());
        form.put("start", spec.startAfterCreate() ? "1" : "0");
        putIfSet(form, "description", spec.description());
        Set<String> tags = new LinkedHashSet<>();
        tags.add(markerTag);
        spec.tags().stream().map(String::trim).filter(tag -> !tag.isEmpty()).forEach(tags::add);
        form.put("tags", String.join(";", tags));
        return form;
    }

    private static void putIfSet(Map<String, String> form, String name, String value) {
        if (value != null && !value.isBlank()) {
            form.put(name, value);
        }
    }
}
