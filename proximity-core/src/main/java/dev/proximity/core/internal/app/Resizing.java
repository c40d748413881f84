package dev.proximity.core.internal.app;

import dev.proximity.api.Validation;
import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.ResizeRequest;
import dev.proximity.api.catalog.CatalogEntry;
import dev.proximity.api.platform.NodeInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resize: cores and memory through the container's configuration (live), the root disk through a
 * resize task. Everything is checked before anything changes: the catalog's minimums, the node's
 * cores and free memory, and that the disk only grows. If the disk step fails, the cores and
 * memory are set back, so a failed resize leaves the container as it was.
 */
final class Resizing {

    private static final Set<AppStatus> SETTLED = Set.of(AppStatus.RUNNING, AppStatus.STOPPED, AppStatus.ERROR,
            AppStatus.UPDATE_FAILED);
    private static final Pattern SIZE = Pattern.compile("size=(\\d+)G");
    private static final long MIB = 1L << 20;

    private final AppContext context;
    private final ContainerActions actions;

    Resizing(AppContext context, ContainerActions actions) {
        this.context = context;
        this.actions = actions;
    }

    App resize(String appId, ResizeRequest request) {
        Validation.required(request, "request");
        return actions.act(appId, Steps.RESIZE, SETTLED, null, false, (app, journal) -> {
            String node = app.node();
            int vmid = app.vmid();
            Map<String, String> config = context.platform.config(node, vmid);
            Resources held = Resources.ofContainer(config);
            int cores = held.cores();
            int memory = held.memoryMb();
            Integer diskNow = diskGiB(config.get("rootfs"));
            check(app, request, cores, memory, diskNow);
            Map<String, String> changes = new LinkedHashMap<>();
            if (request.cores() != null && request.cores() != cores) {
                changes.put("cores", request.cores().toString());
            }
            if (request.memoryMb() != null && request.memoryMb() != memory) {
                changes.put("memory", request.memoryMb().toString());
            }
            if (!changes.isEmpty()) {
                try {
                    journal.step(Steps.RESIZE_CONFIG, () -> context.platform.updateConfig(node, vmid, changes),
                            "set " + changes + " on CT " + vmid + " (was cores " + cores + ", memory " + memory + " MB)");
                } catch (StepFailure failure) {
                    // a lost answer may still have changed the configuration
                    setBack(node, vmid, changes, cores, memory, journal);
                    throw failure;
                }
            }
            if (request.diskGb() != null && !request.diskGb().equals(diskNow)) {
                try {
                    journal.step(Steps.RESIZE_DISK, () -> context.platform.resizeDisk(node, vmid, "rootfs", request.diskGb()),
                            "grew the root disk of CT " + vmid + " from " + diskNow + " to " + request.diskGb() + " GiB");
                } catch (StepFailure failure) {
                    setBack(node, vmid, changes, cores, memory, journal);
                    throw failure;
                }
            }
            return context.records.update(appId, current -> {
                Map<String, Object> recorded = new LinkedHashMap<>(current.config());
                recorded.put("cores", request.cores() != null ? request.cores() : cores);
                recorded.put("memory", request.memoryMb() != null ? request.memoryMb() : memory);
                return current.toBuilder().config(recorded).updatedAt(context.clock.instant()).build();
            });
        });
    }

    /** Everything a resize needs is checked first, so a refused one changes nothing. */
    private void check(App app, ResizeRequest request, int cores, int memory, Integer diskNow) {
        CatalogEntry entry = context.catalog.find(app.catalogId()).orElse(null);
        NodeInfo node = context.platform.nodes().stream().filter(n -> n.name().equals(app.node())).findFirst().orElse(null);
        long extraMemory = request.memoryMb() == null ? 0 : request.memoryMb() - memory;
        long freeMb = node == null ? Long.MAX_VALUE : (node.memTotal() - node.memUsed()) / MIB;
        boolean running = app.status() == AppStatus.RUNNING;
        Validation.errors()
                .check(entry != null && request.cores() != null && request.cores() < entry.minCpu(), "cores", request.cores(),
                        "is below the catalog minimum of " + (entry == null ? 0 : entry.minCpu()))
                .check(entry != null && request.memoryMb() != null && request.memoryMb() < entry.minMemoryMb(), "memoryMb",
                        request.memoryMb(), "is below the catalog minimum of " + (entry == null ? 0 : entry.minMemoryMb()) + " MB")
                .check(node != null && node.maxCpu() > 0 && request.cores() != null && request.cores() > node.maxCpu(), "cores",
                        request.cores(), "is more than node " + app.node() + " has (" + (node == null ? 0 : node.maxCpu()) + ")")
                .check(running && node != null && node.memTotal() > 0 && extraMemory > freeMb, "memoryMb", request.memoryMb(),
                        "needs " + extraMemory + " MB more than CT " + app.vmid() + " has, and node " + app.node() + " has "
                                + freeMb + " MB free")
                .check(request.diskGb() != null && diskNow != null && request.diskGb() < diskNow, "diskGb", request.diskGb(),
                        "would shrink the root disk from " + diskNow + " GiB; disks only grow")
                .check(request.diskGb() != null && diskNow == null, "diskGb", request.diskGb(),
                        "cannot be checked: CT " + app.vmid() + " reports no root disk size")
                .throwIfAny("resize of app '" + app.id() + "'");
    }

    private void setBack(String node, int vmid, Map<String, String> changes, int cores, int memory, Journal journal) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, String> before = new LinkedHashMap<>();
        changes.keySet().forEach(key -> before.put(key, Integer.toString(key.equals("cores") ? cores : memory)));
        try {
            context.platform.updateConfig(node, vmid, before);
            journal.warn(Steps.RESIZE_UNDO, "set CT " + vmid + " back to " + before);
        } catch (RuntimeException e) {
            journal.error(Steps.RESIZE_UNDO, "could not set CT " + vmid + " back to " + before + ": " + Journal.describe(e));
        }
    }

    private static Integer diskGiB(String rootfs) {
        if (rootfs == null) {
            return null;
        }
        Matcher size = SIZE.matcher(rootfs);
        return size.find() ? Integer.valueOf(size.group(1)) : null;
    }
}
