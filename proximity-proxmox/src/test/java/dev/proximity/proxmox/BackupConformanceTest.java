package dev.proximity.proxmox;

import dev.proximity.api.app.BackupCompression;
import dev.proximity.api.app.BackupMode;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.inventory.ObservedResource;
import dev.proximity.api.platform.BackupVolume;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import dev.proximity.proxmox.simulator.SimulatedBackup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backups over HTTPS, as PVE makes them: vzdump in each mode and compression, the archive found by
 * listing the storage, the node-wide vzdump lock, the guest's {@code backup} lock, pruning only
 * when a call lets vzdump prune, deletion, and restores over a container or as a new one.
 */
class BackupConformanceTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Pattern ARCHIVE = Pattern.compile("local:backup/vzdump-lxc-(\\d+)-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.(.+)");

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;

    private void start(ProxmoxSimulator.Builder simulator) {
        pve = simulator.start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
    }

    private void start() {
        start(Pve.fastSimulator().node("pve", 8, 4).node("pve2", 8, 4).taskDuration(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (pve != null) {
            pve.close();
        }
    }

    @Test
    void everyModeAndCompressionWritesAnArchiveTheListingFinds() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.start("pve", vmid);
        List<String> expectedFormats = new ArrayList<>();
        for (BackupCompression compression : BackupCompression.values()) {
            for (BackupMode mode : BackupMode.values()) {
                platform.backup("pve", vmid, mode, compression, "local", WAIT);
                expectedFormats.add(compression.format());
            }
        }

        List<BackupVolume> listed = platform.backups("pve", "local", vmid);

        assertThat(listed).extracting(BackupVolume::format).containsExactlyElementsOf(expectedFormats);
        assertThat(listed).allSatisfy(volume -> {
            Matcher name = ARCHIVE.matcher(volume.volume());
            assertThat(name.matches()).as(volume.volume()).isTrue();
            assertThat(name.group(1)).isEqualTo(Integer.toString(vmid));
            assertThat(name.group(2)).isEqualTo(volume.format());
            assertThat(volume.vmid()).isEqualTo(vmid);
            assertThat(volume.sizeBytes()).isPositive();
        });
        assertThat(listed).extracting(BackupVolume::createdAt).isSorted().doesNotHaveDuplicates();
        assertThat(pve.calls("POST", "/nodes/pve/vzdump")).hasSize(12).allSatisfy(call -> assertThat(call.params())
                .containsEntry("vmid", Integer.toString(vmid)).containsEntry("storage", "local")
                .containsEntry("remove", "0").containsEntry("lockwait", "10").containsKeys("mode", "compress"));
        assertThat(pve.calls("GET", "/nodes/pve/storage/local/content")).singleElement().satisfies(call ->
                assertThat(call.params()).containsExactlyInAnyOrderEntriesOf(Map.of("content", "backup", "vmid", Integer.toString(vmid))));
        assertThat(pve.container(vmid).orElseThrow().running()).as("every mode leaves it running").isTrue();
        assertThat(pve.container(vmid).orElseThrow().lock()).isNull();
    }

    @Test
    void aBackupNeverPrunesAndARawVzdumpPrunesByTheStoragesRetention() {
        start(Pve.fastSimulator().node("pve", 8, 4).backupRetention("local", "keep-last=3"));
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        int other = Pve.create(platform, "pve", Pve.spec("other"));
        String othersBackup = pve.seedBackup("pve", other, Instant.now().minusSeconds(86_400));
        for (int i = 0; i < 3; i++) {
            platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);
        }
        List<BackupVolume> three = platform.backups("pve", "local", vmid);
        assertThat(three).hasSize(3);

        // remove=0 with a retention: PVE refuses a guest already at the limit instead of pruning
        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.exitStatus()).isEqualTo("job errors");
                    assertThat(e.logTail()).anySatisfy(line -> assertThat(line).isEqualTo("ERROR: Backup of VM " + vmid
                            + " failed - There is a max backup limit of 3 enforced by the target storage or the vzdump"
                            + " parameters. Either increase the limit or delete old backups."));
                });
        assertThat(platform.backups("pve", "local", vmid)).isEqualTo(three);

        // vzdump's default remove=1 prunes the guest's oldest archive; another guest's stays
        Upid raw = platform.client().vzdump("pve", Map.of("vmid", Integer.toString(vmid), "storage", "local",
                "compress", "zstd")).orElseThrow();
        platform.client().awaitTask(raw);

        List<BackupVolume> after = platform.backups("pve", "local", vmid);
        assertThat(after).hasSize(3).doesNotContain(three.get(0)).contains(three.get(1), three.get(2));
        assertThat(platform.client().taskLog(raw, 0, 100).lines()).contains(
                "INFO: prune older backups with retention: keep-last=3",
                "INFO: removing backup '" + three.get(0).volume() + "'",
                "INFO: pruned 1 backup(s) not covered by keep-retention policy");
        assertThat(platform.backups("pve", "local", other)).extracting(BackupVolume::volume).containsExactly(othersBackup);
    }

    @Test
    void fiveBackupsAreAllKeptWhereTheStorageKeepsEverything() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));

        for (int i = 0; i < 5; i++) {
            platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.LZO, "local", WAIT);
        }

        assertThat(platform.backups("pve", "local", vmid)).hasSize(5);
        assertThat(pve.backupVolumes()).hasSize(5);
    }

    @Test
    void aContainerOnAnotherNodeIsRefusedClearlyAndNothingRuns() {
        start();
        int vmid = Pve.create(platform, "pve2", Pve.spec("elsewhere"));

        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo("CT " + vmid + " is not on node pve: vzdump did nothing"));
        assertThat(pve.calls("POST", "/nodes/pve/vzdump")).singleElement().satisfies(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(platform.tasks("pve", null, 50)).extracting(ObservedResource::name).doesNotContain("vzdump");
        assertThat(pve.backupVolumes()).isEmpty();
    }

    @Test
    void theContainerIsLockedBackupWhileBackedUpAndAChangeWaitsForIt() throws Exception {
        start(Pve.fastSimulator().node("pve", 8, 4).taskDuration(Duration.ofMillis(1500)));
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));

        CompletableFuture<Void> backup = CompletableFuture.runAsync(() ->
                platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT));
        Pve.awaitTrue(() -> "backup".equals(pve.container(vmid).orElseThrow().lock()));
        assertThat(platform.status("pve", vmid).orElseThrow().lock()).isEqualTo("backup");

        platform.updateConfig("pve", vmid, Map.of("memory", "2048"));

        backup.get();
        assertThat(pve.calls("PUT", "/nodes/pve/lxc/" + vmid + "/config")).extracting(RecordedCall::status)
                .as("refused while locked, then made again").startsWith(500).endsWith(200);
        assertThat(platform.config("pve", vmid)).containsEntry("memory", "2048");
        assertThat(pve.container(vmid).orElseThrow().lock()).isNull();
    }

    @Test
    void aSecondBackupOnTheNodeWaitsForTheFirstOrFailsWithVzdumpsLockMessage() throws Exception {
        start(Pve.fastSimulator().node("pve", 8, 4).taskDuration(Duration.ofMillis(1200)).lockWaitMinute(Duration.ofMillis(100)));
        int first = Pve.create(platform, "pve", Pve.spec("first"));
        int second = Pve.create(platform, "pve", Pve.spec("second"));

        CompletableFuture<Long> firstDone = CompletableFuture.supplyAsync(() -> {
            platform.backup("pve", first, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
            return System.nanoTime();
        });
        Pve.awaitTrue(() -> "backup".equals(pve.container(first).orElseThrow().lock()));

        assertThatThrownBy(() -> platform.backup("pve", second, BackupMode.STOP, BackupCompression.ZSTD, "local", NO_WAIT))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.exitStatus()).isEqualTo("unexpected status");
                    assertThat(e.logTail()).last().isEqualTo("ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)");
                });
        assertThatThrownBy(() -> platform.backup("pve", second, BackupMode.STOP, BackupCompression.ZSTD, "local", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.getMessage()).contains("can't acquire lock '/var/run/vzdump.lock' - got timeout");
                    assertThat(e.logTail()).containsSubsequence("INFO: trying to get global lock - waiting...",
                            "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout");
                });
        // 30 "minutes" of lock wait are 3 s here: well past the first backup's end even on a loaded machine.
        platform.backup("pve", second, BackupMode.STOP, BackupCompression.ZSTD, "local", Duration.ofMinutes(30));
        long secondDone = System.nanoTime();

        assertThat(firstDone.get()).as("the waiting backup ended after the one it waited for").isLessThan(secondDone);
        assertThat(lastTaskLog("vzdump")).containsSubsequence("INFO: trying to get global lock - waiting...",
                "INFO: got global lock", "INFO: Backup job finished successfully");
        assertThat(platform.backups("pve", "local", first)).hasSize(1);
        assertThat(platform.backups("pve", "local", second)).hasSize(1);
    }

    @Test
    void stopModeStopsARunningContainerAndStartsItAgain() throws Exception {
        start(Pve.fastSimulator().node("pve", 8, 4).taskDuration(Duration.ofMillis(1000)));
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.start("pve", vmid);

        CompletableFuture<Void> backup = CompletableFuture.runAsync(() ->
                platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.GZIP, "local", WAIT));
        Pve.awaitTrue(() -> "backup".equals(pve.container(vmid).orElseThrow().lock()));
        assertThat(pve.container(vmid).orElseThrow().running()).as("stopped while backed up").isFalse();
        backup.get();

        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();
        assertThat(lastTaskLog("vzdump")).containsSubsequence("INFO: backup mode: stop", "INFO: stopping virtual guest",
                "INFO: restarting vm", "INFO: Finished Backup of VM " + vmid + " (00:00:01)");
    }

    @Test
    void snapshotModeFallsBackToSuspendOnStorageWithoutSnapshotsAndAStoppedGuestIsBackedUpStopped() {
        start();
        int onDirectory = Pve.createAs(platform, "pve", new ContainerSpec(120, "on-dir", Pve.TEMPLATE, 1, 512, 0, "local:8",
                null, null, true, null, null, true, null, List.of()));
        int onThin = Pve.create(platform, "pve", Pve.spec("on-thin"));

        platform.backup("pve", onDirectory, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);
        assertThat(lastTaskLog("vzdump")).containsSubsequence("INFO: status = running",
                "INFO: mode failure - some volumes do not support snapshots", "INFO: trying 'suspend' mode instead",
                "INFO: backup mode: suspend");
        platform.start("pve", onThin);
        platform.backup("pve", onThin, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);
        assertThat(lastTaskLog("vzdump")).contains("INFO: backup mode: snapshot", "INFO: create storage snapshot 'vzdump'");
        platform.stop("pve", onThin);
        platform.backup("pve", onThin, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);
        assertThat(lastTaskLog("vzdump")).contains("INFO: status = stopped", "INFO: backup mode: stop");
    }

    @Test
    void aBackupOfAContainerATaskHoldsIsMadeAgainOnceTheTaskEndedAndAStaleLockIsReported() throws Exception {
        start(Pve.fastSimulator().node("pve", 8, 4).taskDuration(Duration.ofMillis(1500)));
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        CompletableFuture<Void> snapshot = CompletableFuture.runAsync(() -> platform.createSnapshot("pve", vmid, "before", null));
        Pve.awaitTrue(() -> "snapshot".equals(pve.container(vmid).orElseThrow().lock()));

        platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);

        snapshot.get();
        assertThat(pve.calls("POST", "/nodes/pve/vzdump")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(platform.backups("pve", "local", vmid)).hasSize(1);

        pve.lock(vmid, "mounted");
        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.exitStatus()).isEqualTo("job errors");
                    assertThat(e.logTail()).contains("ERROR: Backup of VM " + vmid + " failed - CT is locked (mounted)");
                });
        assertThat(pve.container(vmid).orElseThrow().lock()).as("never forced").isEqualTo("mounted");
        assertThat(platform.backups("pve", "local", vmid)).hasSize(1);
    }

    @Test
    void lockWaitIsSentInWholeMinutesRoundedUp() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));

        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.NONE, "local", Duration.ofSeconds(61));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.NONE, "local", Duration.ofMillis(1));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.NONE, "local", Duration.ofMinutes(-1));

        assertThat(pve.calls("POST", "/nodes/pve/vzdump")).extracting(call -> call.params().get("lockwait"))
                .containsExactly("2", "1", "0");
    }

    @Test
    void deletingAnArchiveRemovesItAndAnArchiveAlreadyGoneIsNoError() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        BackupVolume volume = platform.backups("pve", "local", vmid).get(0);
        Path files = pve.backupVolumes().get(0).files();

        platform.deleteVolume("pve", volume.volume());

        assertThat(platform.backups("pve", "local", vmid)).isEmpty();
        assertThat(pve.backupVolumes()).isEmpty();
        assertThat(files).doesNotExist();
        assertThat(pve.calls("DELETE", "/nodes/pve/storage/local/content/.*")).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo("/nodes/pve/storage/local/content/" + volume.volume()));
        assertThat(lastTaskLog("imgdel")).contains("Removed volume '" + volume.volume() + "'");

        platform.deleteVolume("pve", volume.volume());
        assertThat(lastTaskLog("imgdel")).contains("disk image '/var/lib/vz/dump/"
                + volume.volume().substring("local:backup/".length()) + "' does not exist");
        assertThatThrownBy(() -> platform.deleteVolume("pve", "nope:backup/x.tar"))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).isEqualTo("storage 'nope' does not exist"));
        assertThatThrownBy(() -> platform.deleteVolume("pve", "local:nonsense"))
                .isInstanceOfSatisfying(PlatformRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unable to parse directory volume name 'nonsense'"));
    }

    @Test
    void aRestoreOverAStoppedContainerBringsBackItsFilesAndConfiguration() throws IOException {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        Path data = pve.container(vmid).orElseThrow().disk().resolve("srv/data.txt");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "version 1");
        Map<String, String> before = platform.config("pve", vmid);
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        String volume = platform.backups("pve", "local", vmid).get(0).volume();
        platform.updateConfig("pve", vmid, Map.of("memory", "4096", "description", "changed since"));
        Files.writeString(data, "version 2");
        Files.writeString(data.resolveSibling("new.txt"), "made after the backup");

        platform.restore("pve", vmid, volume, "local-lvm", true, null, null);

        Path disk = pve.container(vmid).orElseThrow().disk();
        assertThat(disk.resolve("srv/data.txt")).hasContent("version 1");
        assertThat(disk.resolve("srv/new.txt")).doesNotExist();
        Map<String, String> after = platform.config("pve", vmid);
        for (String key : List.of("hostname", "memory", "cores", "description", "tags", "net0", "rootfs")) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
        }
        assertThat(pve.container(vmid).orElseThrow().running()).isFalse();
        assertThat(pve.container(vmid).orElseThrow().lock()).isNull();
        assertThat(pve.calls("POST", "/nodes/pve/lxc")).last().satisfies(call -> assertThat(call.params())
                .containsEntry("restore", "1").containsEntry("force", "1").containsEntry("ostemplate", volume)
                .containsEntry("storage", "local-lvm").doesNotContainKey("unique"));
        assertThat(platform.tasks("pve", null, 1)).singleElement().satisfies(task -> assertThat(task.name()).isEqualTo("vzrestore"));
    }

    @Test
    void aRestoreOverARunningOrLockedContainerIsRefusedAndChangesNothing() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        String volume = platform.backups("pve", "local", vmid).get(0).volume();
        platform.start("pve", vmid);

        assertThatThrownBy(() -> platform.restore("pve", vmid, volume, "local-lvm", true, null, null))
                .isInstanceOfSatisfying(PlatformRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("can't overwrite running container"));
        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();

        platform.stop("pve", vmid);
        pve.lock(vmid, "mounted");
        assertThatThrownBy(() -> platform.restore("pve", vmid, volume, "local-lvm", true, null, null))
                .isInstanceOfSatisfying(PlatformRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo("unable to restore CT " + vmid + " - CT " + vmid + " is locked (mounted)"));
        assertThat(pve.container(vmid).orElseThrow().lock()).isEqualTo("mounted");
        assertThatThrownBy(() -> platform.restore("pve", vmid, volume, "local-lvm", false, null, null))
                .as("not overwriting: the id is taken").isInstanceOf(VmidTakenException.class);
    }

    @Test
    void aRestoreAsANewContainerGetsTheFilesANewMacAndTheNameGiven() throws IOException {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        Files.writeString(pve.container(vmid).orElseThrow().disk().resolve("marker"), "from the source");
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        String volume = platform.backups("pve", "local", vmid).get(0).volume();
        int copy = platform.nextFreeVmid();

        platform.restore("pve", copy, volume, "local-lvm", false, "app-copy", "restored copy");

        Map<String, String> source = platform.config("pve", vmid);
        Map<String, String> restored = platform.config("pve", copy);
        assertThat(restored).containsEntry("hostname", "app-copy").containsEntry("description", "restored copy")
                .containsEntry("memory", source.get("memory")).containsEntry("tags", source.get("tags"));
        assertThat(restored.get("rootfs")).startsWith("local-lvm:vm-" + copy + "-disk-0");
        assertThat(mac(restored.get("net0"))).matches("BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}").isNotEqualTo(mac(source.get("net0")));
        assertThat(pve.container(copy).orElseThrow().disk().resolve("marker")).hasContent("from the source");
        assertThat(pve.container(copy).orElseThrow().running()).isFalse();
        assertThat(pve.calls("POST", "/nodes/pve/lxc")).last().satisfies(call -> assertThat(call.params())
                .containsEntry("unique", "1").doesNotContainKey("force"));
        assertThatThrownBy(() -> platform.restore("pve", copy, volume, "local-lvm", false, null, null))
                .isInstanceOfSatisfying(VmidTakenException.class, e -> assertThat(e.vmid()).isEqualTo(copy));
        assertThatThrownBy(() -> platform.restore("pve", 777, volume, "nope", false, null, null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).isEqualTo("storage 'nope' does not exist"));
        assertThat(pve.container(777)).isEmpty();
        platform.restore("pve", 777, volume, null, false, null, null);
        assertThat(platform.config("pve", 777).get("rootfs")).as("PVE's default storage").startsWith("local:vm-777-disk-0");
    }

    @Test
    void aRestoreThatFailsWhileReadingTheArchiveKeepsTheOldContainerAndLeavesNoNewOne() throws IOException {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        String volume = platform.backups("pve", "local", vmid).get(0).volume();
        platform.updateConfig("pve", vmid, Map.of("memory", "3072"));
        Path disk = pve.container(vmid).orElseThrow().disk();
        Files.writeString(disk.resolve("kept"), "after the backup");
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").failTask("unable to restore CT " + vmid + " - unable to read archive"));

        assertThatThrownBy(() -> platform.restore("pve", vmid, volume, "local-lvm", true, null, null))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> assertThat(e.exitStatus()).contains("unable to read archive"));

        assertThat(platform.config("pve", vmid)).containsEntry("memory", "3072");
        assertThat(pve.container(vmid).orElseThrow().disk()).isEqualTo(disk);
        assertThat(disk.resolve("kept")).hasContent("after the backup");
        assertThat(pve.container(vmid).orElseThrow().running()).isFalse();
        assertThat(pve.container(vmid).orElseThrow().lock()).isNull();

        pve.forgetBackup("pve", volume);
        assertThatThrownBy(() -> platform.restore("pve", 321, volume, "local-lvm", false, null, null))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> assertThat(e.exitStatus()).isEqualTo(
                        "unable to restore CT 321 - ERROR: file '/var/lib/vz/dump/" + volume.substring("local:backup/".length())
                                + "' does not exist"));
        assertThat(pve.container(321)).as("a failed restore as new leaves nothing").isEmpty();
    }

    @Test
    void aRestoreThatFailsWhileExtractingHasAlreadyDestroyedTheContainerItReplaces() {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT);
        String volume = platform.backups("pve", "local", vmid).get(0).volume();
        Path disk = pve.container(vmid).orElseThrow().disk();
        pve.damageBackup("pve", volume);

        assertThatThrownBy(() -> platform.restore("pve", vmid, volume, "local-lvm", true, null, null))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> {
                    assertThat(e.exitStatus()).startsWith("unable to restore CT " + vmid + " - command ").endsWith("failed: exit code 2");
                    assertThat(e.logTail()).contains("tar: Error is not recoverable: exiting now");
                });

        // PVE destroys the old volumes before it extracts, and the config on error: nothing is left
        assertThat(pve.container(vmid)).isEmpty();
        assertThat(disk).doesNotExist();
        assertThat(platform.status("pve", vmid)).isEmpty();
    }

    @Test
    void faultsOnEachCallSurfaceAsTheirKindAndALostRestoreIsNeverSentAgain() throws Exception {
        start();
        int vmid = Pve.create(platform, "pve", Pve.spec("app"));
        platform.start("pve", vmid);

        pve.inject(Fault.on("POST", "/nodes/pve/vzdump").respond(403, "Permission check failed (/vms/" + vmid + ", VM.Backup)"));
        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        pve.inject(Fault.on("POST", "/nodes/pve/vzdump").failTask("command 'tar' failed: exit code 2"));
        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.STOP, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformTaskException.class, e -> assertThat(e.exitStatus()).isEqualTo("command 'tar' failed: exit code 2"));
        assertThat(pve.backupVolumes()).as("a failed backup leaves no archive").isEmpty();
        assertThat(pve.container(vmid).orElseThrow().running()).as("started again after the failed stop-mode backup").isTrue();
        assertThat(pve.container(vmid).orElseThrow().lock()).isNull();

        pve.inject(Fault.on("POST", "/nodes/pve/vzdump").dropConnectionAfterProcessing());
        assertThatThrownBy(() -> platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT))
                .isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> assertThat(e.mayHaveTakenEffect()).isTrue());
        Pve.awaitTrue(() -> pve.backupVolumes().size() == 1);
        assertThat(pve.calls("POST", "/nodes/pve/vzdump")).hasSize(3);

        pve.inject(Fault.on("GET", "/nodes/pve/storage/local/content").times(2)
                .respond(595, "Errors during connection establishment, proxy handshake: Connection refused"));
        List<BackupVolume> listed = platform.backups("pve", "local", vmid);
        assertThat(listed).hasSize(1);
        String volume = listed.get(0).volume();

        pve.inject(Fault.on("DELETE", "/nodes/pve/storage/local/content/.*").failTask("unlink failed - Permission denied"));
        assertThatThrownBy(() -> platform.deleteVolume("pve", volume)).isInstanceOf(PlatformTaskException.class);
        assertThat(platform.backups("pve", "local", vmid)).hasSize(1);
        pve.inject(Fault.on("DELETE", "/nodes/pve/storage/local/content/.*").dropConnectionAfterProcessing());
        assertThatThrownBy(() -> platform.deleteVolume("pve", volume)).isInstanceOf(PlatformNoAnswerException.class);
        Pve.awaitTrue(() -> pve.backupVolumes().isEmpty());

        platform.backup("pve", vmid, BackupMode.SNAPSHOT, BackupCompression.ZSTD, "local", WAIT);
        String again = platform.backups("pve", "local", vmid).get(0).volume();
        int copy = platform.nextFreeVmid();
        pve.clearCalls();
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").respond(500, "unable to restore CT " + copy + " - out of space"));
        assertThatThrownBy(() -> platform.restore("pve", copy, again, "local-lvm", false, null, null))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> assertThat(e.reason()).endsWith("out of space"));
        pve.inject(Fault.on("POST", "/nodes/pve/lxc").dropConnectionAfterProcessing());
        assertThatThrownBy(() -> platform.restore("pve", copy, again, "local-lvm", false, null, null))
                .isInstanceOfSatisfying(PlatformNoAnswerException.class, e -> {
                    assertThat(e.mayHaveTakenEffect()).isTrue();
                    assertThat(e.reason()).contains("may be restored from " + again);
                });
        assertThat(pve.calls("POST", "/nodes/pve/lxc")).as("never sent again").hasSize(2);
        Pve.awaitTrue(() -> pve.container(copy).map(ct -> ct.lock() == null).orElse(false));
    }

    private List<String> lastTaskLog(String type) {
        ObservedResource task = platform.tasks("pve", null, 100).stream().filter(candidate -> candidate.name().equals(type))
                .findFirst().orElseThrow();
        Upid upid = Upid.parse(task.id().substring("task/".length()));
        return platform.client().taskLog(upid, 0, 500).lines();
    }

    private static String mac(String net) {
        Matcher hwaddr = Pattern.compile("hwaddr=([0-9A-Fa-f:]{17})").matcher(net);
        assertThat(hwaddr.find()).as(net).isTrue();
        return hwaddr.group(1);
    }

}
