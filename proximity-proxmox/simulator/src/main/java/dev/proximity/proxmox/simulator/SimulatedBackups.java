package dev.proximity.proxmox.simulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vzdump and the backup storage as PVE runs them: {@code POST /nodes/{node}/vzdump},
 * {@code GET .../storage/{storage}/content} and {@code DELETE .../content/{volume}}.
 *
 * <ul>
 *   <li>vzdump answers the string {@code OK}, and starts no task, when none of the guests it is asked
 *   for is on the node.</li>
 *   <li>One vzdump runs per node ({@code /var/run/vzdump.lock}): another waits up to its
 *   {@code lockwait} minutes, then its task fails; with {@code lockwait=0} it fails at once. Such a
 *   task ends without a {@code TASK} line, so its status is {@code unexpected status} and the
 *   reason is in its log.</li>
 *   <li>While a guest is backed up it holds the lock {@code backup}; a guest vzdump cannot lock
 *   fails alone and the job ends with {@code job errors}. A stopped guest is always backed up in
 *   stop mode; a running one in stop mode is stopped and started again; snapshot mode on a storage
 *   without snapshots falls back to suspend, saying so in the log.</li>
 *   <li>{@code remove} defaults to 1: after the backup, the guest's archives beyond the storage's
 *   retention ({@code prune-backups}, or the one the call sends) are deleted. With {@code remove=0}
 *   nothing is pruned, but a guest that already has as many backups as the retention keeps is
 *   refused ({@code There is a max backup limit of N ...}). Storages keep everything unless
 *   {@link ProxmoxSimulator.Builder#backupRetention} says otherwise, as on a fresh install.</li>
 *   <li>Deleting an archive is an {@code imgdel} task; one that is already gone only leaves a line
 *   in the task log, as PVE does.</li>
 * </ul>
 * Guarded by the simulator state's lock; scheduled steps take it.
 */
final class SimulatedBackups {

    private static final String VZDUMP_LOCK = "/var/run/vzdump.lock";
    /** What PVE reports for a task that ended without writing its final status (vzdump exits when it cannot lock). */
    private static final String NO_FINAL_STATUS = "unexpected status";
    private static final Set<String> CONTENT_PARAMS = Set.of("content", "vmid");
    private static final Set<String> CONTENT_TYPES = Set.of("images", "rootdir", "vztmpl", "iso", "backup", "snippets", "none",
            "import");
    private static final Pattern VOLUME_ID = Pattern.compile("([a-z][a-z0-9\\-_.]*[a-z0-9]):(.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BACKUP_NAME = Pattern.compile("backup/([^/]+\\.(tgz|(?:tar|vma)(?:\\.(?:gz|lzo|zst|bz2))?))");
    private static final Pattern BACKUP_OWNER = Pattern.compile("vzdump-(?:openvz|lxc|qemu)-(\\d+)-.+");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BackupArchives.ZONE);

    private final SimulatorState state;
    private final SimulatorSettings settings;
    private final ScheduledExecutorService scheduler;
    private final BackupArchives archives;
    /** The job holding each node's vzdump lock. */
    private final Map<String, VzdumpJob> running = new HashMap<>();
    private final Map<String, Deque<VzdumpJob>> waiting = new HashMap<>();

    SimulatedBackups(SimulatorState state, SimulatorSettings settings, ScheduledExecutorService scheduler, BackupArchives archives) {
        this.state = state;
        this.settings = settings;
        this.scheduler = scheduler;
        this.archives = archives;
    }

    // ---- vzdump -----------------------------------------------------------------------------

    /** @return the task's UPID, or {@code OK} when no guest asked for is on the node */
    String vzdump(String node, Map<String, String> params, String user, String outcome) {
        state.requireReachableNode(node);
        VzdumpRequest request = VzdumpRequest.parse(node, params, user);
        if (request.stop()) {
            interrupt(node);
        }
        List<Integer> guests = localGuests(node, request);
        if (guests.isEmpty() && !request.all()) {
            return "OK";
        }
        SimTask task = state.openTask(node, "vzdump", guests.size() == 1 ? guests.get(0).toString() : "", user);
        VzdumpJob job = new VzdumpJob(task, node, request, guests, outcome);
        String storageProblem = storageProblem(request.storage());
        if (storageProblem != null) {
            // vzdump checks its storage before it takes the node's lock
            endLater(job, storageProblem);
        } else if (!running.containsKey(node)) {
            begin(job);
        } else if (request.lockWaitMinutes() == 0) {
            job.log("ERROR: can't acquire lock '" + VZDUMP_LOCK + "' (wait = 0)");
            endLater(job, NO_FINAL_STATUS);
        } else {
            job.log("INFO: trying to get global lock - waiting...");
            waiting.computeIfAbsent(node, any -> new ArrayDeque<>()).add(job);
            long waitMillis = settings.lockWaitMinute().toMillis() * request.lockWaitMinutes();
            scheduler.schedule(() -> giveUpWaiting(job), waitMillis, TimeUnit.MILLISECONDS);
        }
        return task.upid;
    }

    /** The guests of the node the job backs up; asked-for ids no node has are kept, to fail visibly. */
    private List<Integer> localGuests(String node, VzdumpRequest request) {
        if (request.pool() != null) {
            return List.of(); // the simulator has no pools: a pool has no members
        }
        if (request.all()) {
            return state.guestsOn(node).stream().filter(vmid -> !request.exclude().contains(vmid)).toList();
        }
        return request.vmids().stream().filter(vmid -> {
            String holder = state.guestNode(vmid);
            return holder == null || holder.equals(node);
        }).distinct().toList();
    }

    private static String storageProblem(String storage) {
        if (SimulatorState.storage(storage).isEmpty()) {
            String missing = "storage '" + storage + "' does not exist";
            return "could not activate storage '" + storage + "': " + missing + " could not get storage information for '"
                    + storage + "': " + missing;
        }
        if (!SimulatorState.storageHolds(storage, "backup")) {
            return "could not get storage information for '" + storage + "': can't use storage '" + storage
                    + "' for backups - wrong content type";
        }
        return null;
    }

    private void giveUpWaiting(VzdumpJob job) {
        synchronized (state) {
            Deque<VzdumpJob> queue = waiting.get(job.node);
            if (queue != null && queue.remove(job)) {
                job.log("ERROR: can't acquire lock '" + VZDUMP_LOCK + "' - got timeout");
                end(job, NO_FINAL_STATUS);
            }
        }
    }

    /** The job holds the node's lock: every guest is locked and readied now, archived when the task's time is up. */
    private void begin(VzdumpJob job) {
        running.put(job.node, job);
        if (job.waited) {
            job.log("INFO: got global lock");
        }
        job.log("INFO: starting new backup job: " + job.request.commandLine());
        long now = System.currentTimeMillis() / 1000;
        for (int vmid : job.vmids) {
            GuestBackup guest = new GuestBackup(vmid);
            job.guests.add(guest);
            String problem = prepare(job, guest, now);
            if (problem != null) {
                guest.failed = true;
                job.log("ERROR: Backup of VM " + vmid + " failed - " + problem);
            }
        }
        // a job none of whose guests could be readied ends at once, as vzdump does
        boolean works = job.guests.stream().anyMatch(guest -> !guest.failed);
        scheduler.schedule(() -> complete(job), works ? settings.taskDuration().toMillis() : 0, TimeUnit.MILLISECONDS);
    }

    /** @return why the guest cannot be backed up, or null once it is locked and readied */
    private String prepare(VzdumpJob job, GuestBackup guest, long now) {
        job.log("INFO: Starting Backup of VM " + guest.vmid + " (lxc)");
        job.log("INFO: Backup started at " + LOG_TIME.format(Instant.ofEpochSecond(now)));
        SimContainer ct = state.containerOn(job.node, guest.vmid);
        if (ct == null) {
            return state.guestNode(guest.vmid) == null ? "unable to find VM '" + guest.vmid + "'"
                    : "the simulator backs up containers only";
        }
        BackupRetention retention = retention(job);
        int limit = retention.limit();
        boolean remove = job.request.remove() && !retention.keepsAll();
        if (limit > 0 && !remove && !job.request.protect()) {
            long kept = archives.of(job.node, job.request.storage(), guest.vmid).stream().filter(a -> !a.isProtected).count();
            if (kept >= limit) {
                return "There is a max backup limit of " + limit + " enforced by the target storage or the vzdump parameters."
                        + " Either increase the limit or delete old backups.";
            }
        }
        job.log("INFO: status = " + (ct.running ? "running" : "stopped"));
        if (ct.lock != null) {
            return "CT is locked (" + ct.lock + ")";
        }
        ct.lock = "backup";
        guest.ct = ct;
        job.log("INFO: CT Name: " + ct.hostname());
        job.log("INFO: including mount point rootfs ('/') in backup");
        String mode = ct.running ? job.request.mode() : "stop";
        if (mode.equals("snapshot") && !SimulatorState.SNAPSHOT_STORAGES.contains(ct.rootStorage())) {
            job.log("INFO: mode failure - some volumes do not support snapshots");
            job.log("INFO: trying 'suspend' mode instead");
            mode = "suspend";
        }
        job.log("INFO: backup mode: " + mode);
        job.log("INFO: ionice priority: 7");
        switch (mode) {
            case "stop" -> {
                if (ct.running) {
                    job.log("INFO: stopping virtual guest");
                    ct.running = false;
                    guest.restart = true;
                }
            }
            case "suspend" -> {
                job.log("INFO: suspending guest");
                job.log("INFO: resuming guest");
            }
            default -> job.log("INFO: create storage snapshot 'vzdump'");
        }
        guest.ctime = archives.freeSecond(job.node, job.request.storage(), guest.vmid, now);
        job.log("INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-" + guest.vmid + "-"
                + DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss").withZone(BackupArchives.ZONE)
                .format(Instant.ofEpochSecond(guest.ctime)) + "." + BackupArchives.format(job.request.compress()) + "'");
        return null;
    }

    private BackupRetention retention(VzdumpJob job) {
        if (job.request.retention() != null) {
            return job.request.retention();
        }
        return settings.backupRetention().getOrDefault(job.request.storage(), BackupRetention.keepAll());
    }

    /** The task's time is up: archives are written (unless a fault fails the job), guests unlocked and restarted. */
    private void complete(VzdumpJob job) {
        synchronized (state) {
            if (running.get(job.node) != job) {
                return; // interrupted meanwhile
            }
            boolean jobFails = job.outcome != null && !succeeds(job.outcome);
            for (GuestBackup guest : job.guests) {
                if (guest.failed) {
                    continue;
                }
                if (!jobFails) {
                    archive(job, guest);
                }
                release(job, guest);
                if (!jobFails) {
                    job.log("INFO: Finished Backup of VM " + guest.vmid + " (00:00:01)");
                }
            }
            boolean guestFailed = job.guests.stream().anyMatch(guest -> guest.failed);
            if (jobFails) {
                job.log("ERROR: Backup job failed - " + job.outcome);
            } else {
                job.log("INFO: Backup job finished " + (guestFailed ? "with errors" : "successfully"));
            }
            end(job, jobFails ? job.outcome : guestFailed ? "job errors" : job.outcome != null ? job.outcome : "OK");
        }
    }

    private void archive(VzdumpJob job, GuestBackup guest) {
        SimArchive archive = archives.write(job.node, job.request.storage(), guest.ct, BackupArchives.format(job.request.compress()),
                guest.ctime);
        job.log("INFO: archive file size: " + (archive.size >> 10) + "KB");
        if (job.request.notesTemplate() != null && !job.request.notesTemplate().isEmpty()) {
            job.log("INFO: adding notes to backup");
            archive.notes = notes(job.request.notesTemplate(), guest.ct, job.node);
        }
        if (job.request.protect()) {
            job.log("INFO: marking backup as protected");
            archive.isProtected = true;
        }
        BackupRetention retention = retention(job);
        if (job.request.remove() && !retention.keepsAll()) {
            job.log("INFO: prune older backups with retention: " + retention.describe());
            List<SimArchive> pruned = retention.toRemove(archives.of(job.node, job.request.storage(), guest.vmid),
                    candidate -> candidate.ctime, candidate -> candidate.isProtected, BackupArchives.ZONE);
            for (SimArchive old : pruned) {
                job.log("INFO: removing backup '" + old.volid() + "'");
                archives.remove(old);
            }
            job.log("INFO: pruned " + pruned.size() + " backup(s)" + (pruned.isEmpty() ? "" : " not covered by keep-retention policy"));
        }
    }

    /** vzdump's notes template: {@code {{guestname}}}, {@code {{node}}}, {@code {{vmid}}}, {@code {{cluster}}}. */
    private static String notes(String template, SimContainer ct, String node) {
        Matcher variable = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(template);
        StringBuilder notes = new StringBuilder();
        while (variable.find()) {
            String value = switch (variable.group(1)) {
                case "guestname" -> ct.hostname();
                case "node" -> node;
                case "vmid" -> Integer.toString(ct.vmid);
                case "cluster" -> "simulated";
                default -> variable.group();
            };
            variable.appendReplacement(notes, Matcher.quoteReplacement(value));
        }
        variable.appendTail(notes);
        return notes.toString().replace("\\n", "\n");
    }

    /** Unlocks the guest and starts it again if stop mode stopped it. */
    private static void release(VzdumpJob job, GuestBackup guest) {
        if ("backup".equals(guest.ct.lock)) {
            guest.ct.lock = null;
        }
        if (guest.restart) {
            job.log("INFO: restarting vm");
            guest.ct.running = true;
            job.log("INFO: guest is online again after 1 seconds");
        }
    }

    private void end(VzdumpJob job, String exit) {
        state.finish(job.task, exit, success -> { });
        if (running.remove(job.node, job)) {
            Deque<VzdumpJob> queue = waiting.get(job.node);
            VzdumpJob next = queue == null ? null : queue.poll();
            if (next != null) {
                next.waited = true;
                begin(next);
            }
        }
    }

    /** Ends a job that failed before any work (storage, lock) once the call has answered, as PVE fails it at once. */
    private void endLater(VzdumpJob job, String exit) {
        scheduler.schedule(() -> {
            synchronized (state) {
                end(job, exit);
            }
        }, 0, TimeUnit.MILLISECONDS);
    }

    /** {@code stop=1}: the node's running backup is killed; its guests are unlocked (and restarted), no archive is left. */
    private void interrupt(String node) {
        VzdumpJob job = running.get(node);
        if (job != null) {
            job.guests.stream().filter(guest -> !guest.failed).forEach(guest -> release(job, guest));
            job.log("ERROR: Backup job failed - interrupted by signal");
            end(job, "interrupted by signal");
        }
    }

    private static boolean succeeds(String exit) {
        return exit.equals("OK") || exit.startsWith("WARNINGS: ");
    }

    // ---- storage content --------------------------------------------------------------------

    /** {@code GET /nodes/{node}/storage/{storage}/content}: archives (and container volumes), by volume id. */
    List<Map<String, Object>> content(String node, String storage, Map<String, String> params) {
        state.requireReachableNode(node);
        SimulatorState.refuseUnknown(params, CONTENT_PARAMS);
        Map<String, String> errors = new TreeMap<>();
        String content = params.get("content");
        if (content != null && !CONTENT_TYPES.contains(content)) {
            errors.put("content", "invalid format - invalid content type '" + content + "'");
        }
        if (params.containsKey("vmid")) {
            SimulatorState.collect(errors, () -> SimulatorState.parseVmid(params.get("vmid")));
        }
        checkStorageId(storage, errors);
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        requireStorage(storage);
        Integer vmid = params.containsKey("vmid") ? SimulatorState.parseVmid(params.get("vmid")) : null;
        List<Map<String, Object>> list = new ArrayList<>();
        if ((content == null || content.equals("backup")) && SimulatorState.storageHolds(storage, "backup")) {
            archives.on(node, storage).stream().filter(archive -> vmid == null || archive.vmid == vmid)
                    .forEach(archive -> list.add(archive.contentJson()));
        }
        if ((content == null || content.equals("rootdir")) && SimulatorState.storageHolds(storage, "rootdir")) {
            list.addAll(rootVolumes(node, storage, vmid));
        }
        list.sort((a, b) -> a.get("volid").toString().compareToIgnoreCase(b.get("volid").toString()));
        return list;
    }

    private List<Map<String, Object>> rootVolumes(String node, String storage, Integer vmid) {
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (int id : state.guestsOn(node)) {
            SimContainer ct = state.containerOn(node, id);
            if (ct == null || !ct.rootStorage().equals(storage) || (vmid != null && vmid != id)) {
                continue;
            }
            String rootfs = String.valueOf(ct.config.get("rootfs"));
            Matcher size = Pattern.compile("size=(\\d+)G").matcher(rootfs);
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("volid", rootfs.split(",", 2)[0]);
            json.put("content", "rootdir");
            json.put("format", "raw");
            json.put("size", (size.find() ? Long.parseLong(size.group(1)) : 4) << 30);
            json.put("vmid", id);
            volumes.add(json);
        }
        return volumes;
    }

    private static void checkStorageId(String storage, Map<String, String> errors) {
        String problem = VzdumpRequest.storageIdProblem(storage);
        if (problem != null) {
            errors.put("storage", "invalid format - " + problem);
        }
    }

    private static void requireStorage(String storage) {
        if (SimulatorState.storage(storage).isEmpty()) {
            throw ApiError.server("storage '" + storage + "' does not exist");
        }
    }

    // ---- delete -----------------------------------------------------------------------------

    /** {@code DELETE /nodes/{node}/storage/{storage}/content/{volume}}: an {@code imgdel} task. */
    String deleteVolume(String node, String storage, String volume, Map<String, String> params, String user, String outcome) {
        state.requireReachableNode(node);
        SimulatorState.refuseUnknown(params, Set.of("delay"));
        Map<String, String> errors = new TreeMap<>();
        if (params.containsKey("delay")) {
            SimulatorState.collect(errors, () -> SimulatorState.checkMin("delay", params.get("delay"), 1));
            if (!errors.containsKey("delay") && SimulatorState.parseInt("delay", params.get("delay")) > 30) {
                errors.put("delay", "value must have a maximum value of 30");
            }
        }
        checkStorageId(storage, errors);
        if (!errors.isEmpty()) {
            throw ApiError.parameters(errors);
        }
        String volid = volume;
        if (volume.contains(":")) {
            Matcher id = VOLUME_ID.matcher(volume);
            if (!id.matches()) {
                throw ApiError.parameter("volume", "unable to parse volume ID '" + volume + "'");
            }
            if (!id.group(1).equals(storage)) {
                throw ApiError.parameter("volume", "storage ID mismatch (" + id.group(1) + " != " + storage + ")");
            }
        } else {
            volid = storage + ":" + volume;
        }
        requireStorage(storage);
        String volname = volid.substring(volid.indexOf(':') + 1);
        Matcher backup = BACKUP_NAME.matcher(volname);
        if (!SimulatorState.storageHolds(storage, "backup") || !backup.matches()) {
            throw ApiError.server(SimulatorState.storageHolds(storage, "backup")
                    ? "unable to parse directory volume name '" + volname + "'"
                    : "the simulator deletes backup archives only, not '" + volid + "'");
        }
        Matcher owner = BACKUP_OWNER.matcher(backup.group(1));
        String taskId = (owner.matches() ? owner.group(1) + "@" : "") + storage;
        SimArchive archive = archives.find(node, volid);
        String exit = outcome != null ? outcome
                : archive != null && archive.isProtected ? "cannot remove protected volume '" + volname + "' on '" + storage + "'"
                : "OK";
        SimTask task = state.openTask(node, "imgdel", taskId, user);
        String deleted = volid;
        scheduler.schedule(() -> state.finish(task, exit, success -> {
            if (!success) {
                return;
            }
            if (archive != null && archives.find(node, deleted) == archive) {
                archives.remove(archive);
            } else {
                task.log.add("disk image '/var/lib/vz/dump/" + backup.group(1) + "' does not exist");
            }
            task.log.add("Removed volume '" + deleted + "'");
        }), settings.taskDuration().toMillis(), TimeUnit.MILLISECONDS);
        return task.upid;
    }

    // ---- out of band ------------------------------------------------------------------------

    List<SimulatedBackup> volumes() {
        return archives.all().stream().map(SimArchive::snapshot).toList();
    }

    /** Writes an archive of the container as it is, without a task, as if taken at {@code ctime}. */
    String seed(String node, int vmid, String storage, String compress, Instant ctime) {
        SimContainer ct = state.containerOn(node, vmid);
        if (ct == null) {
            throw new IllegalArgumentException("no container " + vmid + " on node '" + node + "'");
        }
        if (!SimulatorState.storageHolds(storage, "backup") || BackupArchives.format(compress) == null) {
            throw new IllegalArgumentException("storage '" + storage + "' holds no backups or compression '" + compress
                    + "' is not one of 0, 1, gzip, lzo, zstd");
        }
        long second = archives.freeSecond(node, storage, vmid, ctime.getEpochSecond());
        return archives.write(node, storage, ct, BackupArchives.format(compress), second).volid();
    }

    void forget(String node, String volid) {
        archives.remove(requireArchive(node, volid));
    }

    void damage(String node, String volid) {
        requireArchive(node, volid).damaged = true;
    }

    private SimArchive requireArchive(String node, String volid) {
        SimArchive archive = archives.find(node, volid);
        if (archive == null) {
            throw new IllegalArgumentException("no archive '" + volid + "' on node '" + node + "'");
        }
        return archive;
    }

    /** One vzdump task: its guests, and whether it had to wait for the node's lock. */
    private static final class VzdumpJob {
        final SimTask task;
        final String node;
        final VzdumpRequest request;
        final List<Integer> vmids;
        final String outcome;
        final List<GuestBackup> guests = new ArrayList<>();
        boolean waited;

        VzdumpJob(SimTask task, String node, VzdumpRequest request, List<Integer> vmids, String outcome) {
            this.task = task;
            this.node = node;
            this.request = request;
            this.vmids = vmids;
            this.outcome = outcome;
        }

        void log(String line) {
            task.log.add(line);
        }
    }

    /** One guest of a job: the container once locked, its archive's second, whether stop mode stopped it. */
    private static final class GuestBackup {
        final int vmid;
        SimContainer ct;
        long ctime;
        boolean restart;
        boolean failed;

        GuestBackup(int vmid) {
            this.vmid = vmid;
        }
    }
}
