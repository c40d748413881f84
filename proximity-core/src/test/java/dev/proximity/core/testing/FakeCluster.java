package dev.proximity.core.testing;

import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.inventory.ResourceType;
import dev.proximity.api.platform.ClusterReader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster for inventory tests: resources and tasks the test sets, nodes that stop answering,
 * and the calls a sync made.
 */
public final class FakeCluster implements ClusterReader {

    private final Map<String, ObservedResource> resources = new LinkedHashMap<>();
    private final Map<String, List<ObservedResource>> tasks = new LinkedHashMap<>();
    private final Set<String> silentNodes = new HashSet<>();
    private final List<Instant> sinceAsked = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private RuntimeException failure;

    /** @param resource a node, guest or storage to report (replaces one with the same id) */
    public synchronized void put(ObservedResource resource) {
        resources.put(resource.id(), resource);
    }

    /** @param id a resource no longer to report */
    public synchronized void remove(String id) {
        resources.remove(id);
    }

    /** @param node a node whose task list fails from now on */
    public synchronized void silence(String node) {
        silentNodes.add(node);
    }

    /** @param node a node whose task list answers again */
    public synchronized void unsilence(String node) {
        silentNodes.remove(node);
    }

    /** @param node the node @param task a task it reports (replaces one with the same id) */
    public synchronized void putTask(String node, ObservedResource task) {
        List<ObservedResource> list = tasks.computeIfAbsent(node, key -> new ArrayList<>());
        list.removeIf(existing -> existing.id().equals(task.id()));
        list.add(task);
    }

    /** @param e what {@link #resources()} throws from now on, or null */
    public synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    /** @return how many calls syncs made */
    public int calls() {
        return calls.get();
    }

    /** @return the {@code since} each task-list call passed */
    public synchronized List<Instant> sinceAsked() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(sinceAsked));
    }

    @Override
    public synchronized List<ObservedResource> resources() {
        calls.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(resources.values());
    }

    @Override
    public synchronized List<ObservedResource> tasks(String node, Instant since, int limit) {
        calls.incrementAndGet();
        sinceAsked.add(since);
        if (silentNodes.contains(node)) {
            throw new PlatformNoAnswerException("GET /nodes/" + node + "/tasks", "connection refused", false, null);
        }
        return tasks.getOrDefault(node, List.of()).stream()
                .filter(task -> since == null || Long.parseLong(task.properties().get("starttime")) >= since.getEpochSecond())
                .limit(limit).toList();
    }

    /** @return a node as {@code /cluster/resources} reports it */
    public static ObservedResource node(String name, String status) {
        return new ObservedResource("node/" + name, ResourceType.NODE, name, name, null, status, List.of(),
                Map.of("maxcpu", "16", "maxmem", "68719476736"), status.equals("online") ? Map.of("cpu", 0.03) : Map.of());
    }

    /** @return a container */
    public static ObservedResource lxc(int vmid, String node, String name, String status, int cores, long memoryMb,
                                       List<String> tags) {
        return new ObservedResource("lxc/" + vmid, ResourceType.LXC, node, name, vmid, status, tags,
                Map.of("maxcpu", Integer.toString(cores), "maxmem", Long.toString(memoryMb << 20), "template", "0"),
                Map.of("cpu", 0.0123, "mem", 73420800.0, "uptime", 3712.0));
    }

    /** @return a task */
    public static ObservedResource task(String node, String upid, String type, long startTime, String status) {
        return new ObservedResource("task/" + upid, ResourceType.TASK, node, type, null, status, List.of(),
                Map.of("starttime", Long.toString(startTime), "user", "root@pam"), Map.of());
    }
}
