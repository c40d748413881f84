package dev.proximity.proxmox.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker task (UPID) the simulator runs: it stays {@code running} for the configured time, then
 * stops with an exit status. Guarded by the simulator state's lock.
 */
final class SimTask {
    final String upid;
    final String node;
    final int pid;
    final long pstart;
    final long startTime;
    final String type;
    final String id;
    final String user;
    final long visibleAtNanos;
    final List<String> log = new ArrayList<>();
    String exitStatus;
    long endTime;

    SimTask(String node, int pid, long pstart, long startTime, String type, String id, String user, long visibleAtNanos) {
        this.node = node;
        this.pid = pid;
        this.pstart = pstart;
        this.startTime = startTime;
        this.type = type;
        this.id = id;
        this.user = user;
        this.visibleAtNanos = visibleAtNanos;
        this.upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, startTime, type, id, user);
    }

    boolean running() {
        return exitStatus == null;
    }

    void finish(String status) {
        if (status.equals("OK")) {
            log.add("TASK OK");
        } else if (status.startsWith("WARNINGS: ")) {
            log.add("TASK " + status);
        } else if (!status.equals("unexpected status")) {
            log.add("TASK ERROR: " + status);
        }
        // "unexpected status" is what PVE reads when a worker exited without writing its final line
        exitStatus = status;
        endTime = System.currentTimeMillis() / 1000;
    }

    /** @return the task as a node's task list shows it: {@code status} and {@code endtime} once it ended */
    Map<String, Object> listJson() {
        Map<String, Object> json = common();
        if (!running()) {
            json.put("endtime", endTime);
            json.put("status", exitStatus);
        }
        return json;
    }

    Map<String, Object> statusJson() {
        Map<String, Object> json = common();
        json.put("status", running() ? "running" : "stopped");
        if (!running()) {
            json.put("exitstatus", exitStatus);
        }
        return json;
    }

    private Map<String, Object> common() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upid", upid);
        json.put("node", node);
        json.put("pid", pid);
        json.put("pstart", pstart);
        json.put("starttime", startTime);
        json.put("type", type);
        json.put("id", id);
        json.put("user", user);
        return json;
    }
}
