package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.ContainerInfo;
import dev.proximity.api.platform.ContainerInterface;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.ContainerState;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ApiFlavor;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import dev.proximity.proxmox.simulator.SimulatedContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container calls of the pve README, driven through the platform port against the simulator. */
class ContainerLifecycleConformanceTest extends SimulatedPlatformTest {

    @Test
    void createSendsEveryParameterAsFormWithBooleansAsZeroOrOneAndTagsTheContainer() {
        int vmid = Pve.create(platform, "pve", Pve.spec("web-1"));

        RecordedCall create = pve.calls("POST", "/nodes/pve/lxc").get(0);
        assertThat(create.params()).containsEntry("vmid", Integer.toString(vmid))
                .containsEntry("ostemplate", Pve.TEMPLATE)
                .containsEntry("hostname", "web-1")
                .containsEntry("cores", "2")
                .containsEntry("memory", "1024")
                .containsEntry("swap", "512")
                .containsEntry("rootfs", "local-lvm:8")
                .containsEntry("net0", "name=eth0,bridge=vmbr0,ip=dhcp")
                .containsEntry("features", "nesting=1")
                .containsEntry("unprivileged", "1")
                .containsEntry("start", "0")
                .containsEntry("description", "managed by proximity")
                .containsEntry("ssh-public-keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host")
                .containsEntry("tags", "proximity;web")
                .containsKey("password");
        SimulatedContainer created = pve.container(vmid).orElseThrow();
        assertThat(created.hostname()).isEqualTo("web-1");
        assertThat(created.running()).isFalse();
        assertThat(created.lock()).isNull();
        assertThat(created.tags()).containsExactlyInAnyOrder("proximity", "web");
        assertThat(created.config()).containsEntry("features", "nesting=1").containsEntry("unprivileged", 1);
    }

    @Test
    void startAfterCreateLeavesTheContainerRunning() {
        ContainerSpec base = Pve.spec("starts-now");
        ContainerSpec startNow = new ContainerSpec(100, base.hostname(), base.osTemplate(), 1, 512, 0, null, null, null,
                false, null, null, true, null, List.of());

        int vmid = Pve.create(platform, "pve", startNow);

        assertThat(platform.status("pve", vmid)).map(ContainerInfo::state).contains(ContainerState.RUNNING);
        assertThat(pve.calls("POST", "/nodes/pve/lxc").get(0).params())
                .containsEntry("start", "1").containsEntry("unprivileged", "0").containsEntry("tags", "proximity")
                .doesNotContainKeys("password", "rootfs", "net0", "features", "ssh-public-keys", "description");
    }

    @Test
    void firstVmidIsOneHundredAndNextidReservesNothing() {
        ProxmoxClient client = platform.client();
        assertThat(client.nextId()).isEqualTo(100);
        assertThat(client.nextId()).isEqualTo(100);
        assertThat(Pve.create(platform, "pve", Pve.spec("app-1"))).isEqualTo(100);
        assertThat(client.nextId()).isEqualTo(101);
        assertThat(client.isVmidFree(100)).isFalse();
        assertThat(client.isVmidFree(150)).isTrue();
    }

    @Test
    void nextidAnsweredAsNumberIsReadToo() {
        pve.inject(dev.proximity.proxmox.simulator.Fault.on("GET", "/cluster/nextid").respondJson(200, "{\"data\":4242}"));
        assertThat(platform.client().nextId()).isEqualTo(4242);
    }

    @Test
    void containerIsLockedWhileCreatingAndUnlockedAfter() {
        try (ProxmoxSimulator slow = Pve.fastSimulator().taskDuration(Duration.ofSeconds(2)).start();
             ProxmoxClient client = new ProxmoxClient(Pve.config(slow).build())) {
            assertLockedWhileCreating(client);
        }
    }

    private static void assertLockedWhileCreating(ProxmoxClient client) {
        Map<String, String> form = ContainerParams.of(Pve.spec("locked"), 200, "proximity");
        Upid upid = client.createContainer("pve", form);

        assertThat(upid.type()).isEqualTo("vzcreate");
        assertThat(upid.id()).isEqualTo("200");
        assertThat(upid.user()).isEqualTo(Pve.TOKEN_ID);
        assertThat(upid.value()).matches("UPID:pve:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzcreate:200:root@pam!ci:");
        ContainerInfo whileCreating = client.status("pve", 200).orElseThrow();
        assertThat(whileCreating.lock()).isEqualTo("create");

        client.awaitTask(upid);
        assertThat(client.status("pve", 200).orElseThrow().lock()).isNull();
    }

    @Test
    void startStopShutdownRebootDeleteFollowTheContainerState() {
        int vmid = Pve.create(platform, "pve", Pve.spec("cycle"));
        assertThat(platform.status("pve", vmid)).map(ContainerInfo::state).contains(ContainerState.STOPPED);

        platform.start("pve", vmid);
        ContainerInfo running = platform.status("pve", vmid).orElseThrow();
        assertThat(running.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(running.name()).isEqualTo("cycle");
        assertThat(running.maxMem()).isEqualTo(1024L << 20);
        assertThat(running.cpus()).isEqualTo(2);
        assertThat(running.tags()).containsExactlyInAnyOrder("proximity", "web");

        platform.reboot("pve", vmid);
        assertThat(pve.container(vmid).orElseThrow().running()).isTrue();

        platform.shutdown("pve", vmid, Duration.ofSeconds(30), true);
        assertThat(pve.container(vmid).orElseThrow().running()).isFalse();
        assertThat(pve.calls("POST", "/nodes/pve/lxc/\\d+/status/shutdown").get(0).params())
                .containsEntry("timeout", "30").containsEntry("forceStop", "1");

        platform.start("pve", vmid);
        platform.stop("pve", vmid);
        assertThat(pve.container(vmid).orElseThrow().running()).isFalse();

        platform.delete("pve", vmid, false, true);
        assertThat(pve.container(vmid)).isEmpty();
        assertThat(platform.status("pve", vmid)).isEmpty();
        assertThat(pve.calls("DELETE", "/nodes/pve/lxc/\\d+").get(0).params())
                .containsEntry("force", "0").containsEntry("purge", "1").containsEntry("destroy-unreferenced-disks", "1");
    }

    @Test
    void forcedDeleteRemovesARunningContainerAndUnforcedDeleteRefuses() {
        int vmid = Pve.create(platform, "pve", Pve.spec("runner"));
        platform.start("pve", vmid);

        assertThatThrownBy(() -> platform.delete("pve", vmid, false, false))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.reason()).isEqualTo("unable to destroy CT " + vmid + " - container is running");
                });
        platform.delete("pve", vmid, true, false);
        assertThat(pve.container(vmid)).isEmpty();
    }

    @Test
    void startingARunningContainerAndStoppingAStoppedOneFailWithProxmoxMessages() {
        int vmid = Pve.create(platform, "pve", Pve.spec("twice"));
        assertThatThrownBy(() -> platform.stop("pve", vmid))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.reason()).isEqualTo("CT " + vmid + " not running");
                    assertThat(e.serverMessage()).isEqualTo("CT " + vmid + " not running");
                    assertThat(e.call()).isEqualTo("POST /nodes/pve/lxc/" + vmid + "/status/stop");
                });
        platform.start("pve", vmid);
        assertThatThrownBy(() -> platform.start("pve", vmid))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo("CT " + vmid + " already running"));
    }

    @Test
    void missingContainerIsEmptyStatusButAnErrorElsewhere() {
        assertThat(platform.status("pve", 999)).isEmpty();
        assertThatThrownBy(() -> platform.config("pve", 999))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.reason()).isEqualTo("Configuration file 'nodes/pve/lxc/999.conf' does not exist");
                });
    }

    @Test
    void parameterErrorsCarryTheErrorsMap() {
        Map<String, String> form = ContainerParams.of(Pve.spec("shortpw"), 300, "proximity");
        form = new java.util.LinkedHashMap<>(form);
        form.put("password", "abc");
        Map<String, String> bad = form;
        assertThatThrownBy(() -> platform.client().createContainer("pve", bad))
                .isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("Parameter verification failed.");
                    assertThat(e.fieldErrors()).containsEntry("password", "value must be at least 5 characters long");
                    assertThat(e.getMessage()).doesNotContain("abc");
                });
        assertThat(pve.container(300)).isEmpty();
    }

    @Test
    void configCanBeReadAndChangedWithDigest() {
        int vmid = Pve.create(platform, "pve", Pve.spec("conf"));
        Map<String, String> config = platform.config("pve", vmid);
        assertThat(config).containsEntry("hostname", "conf").containsEntry("memory", "1024").containsKey("digest");

        platform.updateConfig("pve", vmid, Map.of("memory", "2048", "digest", config.get("digest")));
        assertThat(platform.config("pve", vmid)).containsEntry("memory", "2048");
        assertThat(pve.container(vmid).orElseThrow().memoryMb()).isEqualTo(2048);

        assertThatThrownBy(() -> platform.updateConfig("pve", vmid, Map.of("cores", "4", "digest", config.get("digest"))))
                .isInstanceOfSatisfying(PlatformException.class, e ->
                        assertThat(e.reason()).startsWith("detected modified configuration"));
    }

    @Test
    void interfacesAreEmptyWhileStoppedAndCarryAddressesOnceRunning() {
        int vmid = Pve.create(platform, "pve", Pve.spec("net"));
        assertThat(platform.interfaces("pve", vmid)).isEmpty();

        platform.start("pve", vmid);
        List<ContainerInterface> interfaces = platform.interfaces("pve", vmid).orElseThrow();
        ContainerInterface eth0 = interfaces.stream().filter(nic -> nic.name().equals("eth0")).findFirst().orElseThrow();
        assertThat(eth0.ipv4Address()).matches("10\\.10\\.\\d+\\.\\d+");
        assertThat(eth0.inet()).endsWith("/24");
        assertThat(eth0.inet6()).startsWith("fe80::");
        assertThat(eth0.hwaddr()).startsWith("bc:24:11:");
    }

    @Test
    void interfacesOfOlderServersAndTheIpAddressesOnlyShapeAreReadAlike() {
        try (ProxmoxSimulator legacy = Pve.fastSimulator().flavor(ApiFlavor.LEGACY).start();
             ProxmoxContainerPlatform legacyPlatform = ProxmoxContainerPlatform.connect(Pve.config(legacy).build())) {
            int vmid = Pve.createAs(legacyPlatform, "pve", Pve.spec("old").withVmid(120));
            legacyPlatform.start("pve", vmid);
            assertThat(legacyPlatform.interfaces("pve", vmid).orElseThrow())
                    .anySatisfy(nic -> assertThat(nic.ipv4Address()).isEqualTo("10.10.0.120"));
            // older servers send vmid as a string in lists
            assertThat(legacyPlatform.containers("pve")).extracting(ContainerInfo::vmid).containsExactly(120);
            // and their errors carry the reason phrase only, no body message
            assertThatThrownBy(() -> legacyPlatform.start("pve", vmid)).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                assertThat(e.reason()).isEqualTo("CT 120 already running");
                assertThat(e.serverMessage()).isNull();
            });
        }
        pve.inject(dev.proximity.proxmox.simulator.Fault.on("GET", "/nodes/pve/lxc/\\d+/interfaces").respondJson(200,
                "{\"data\":[{\"name\":\"eth0\",\"hwaddr\":\"bc:24:11:aa:bb:cc\",\"ip-addresses\":["
                        + "{\"ip-address\":\"192.168.1.50\",\"prefix\":24,\"ip-address-type\":\"inet\"},"
                        + "{\"ip-address\":\"fe80::1\",\"prefix\":64,\"ip-address-type\":\"inet6\"}]}]}"));
        Optional<List<ContainerInterface>> modern = platform.interfaces("pve", 101);
        assertThat(modern.orElseThrow()).containsExactly(
                new ContainerInterface("eth0", "bc:24:11:aa:bb:cc", "192.168.1.50/24", "fe80::1/64"));
    }

    @Test
    void containersListsTheNodesContainersWithNumericVmids() {
        int first = Pve.create(platform, "pve", Pve.spec("one"));
        int second = Pve.create(platform, "pve", Pve.spec("two"));
        assertThat(platform.containers("pve")).extracting(ContainerInfo::vmid).containsExactly(first, second);
        assertThat(platform.containers("pve")).allSatisfy(ct -> assertThat(ct.tags()).contains("proximity"));
    }

    @Test
    void execIsNotAnApiCall() {
        int vmid = Pve.create(platform, "pve", Pve.spec("noexec"));
        ProxmoxTransport transport = new ProxmoxTransport(Pve.config(pve).build());
        try {
            assertThatThrownBy(() -> transport.send(ApiRequest.post(Map.of("command", "ls"), "nodes", "pve", "lxc",
                    Integer.toString(vmid), "exec")))
                    .isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(501);
                        assertThat(e.reason()).isEqualTo("Method 'POST /nodes/pve/lxc/" + vmid + "/exec' not implemented");
                    });
        } finally {
            transport.close();
        }
    }

    @Test
    void passwordOfTheSpecNeverShowsInMessages() {
        ContainerSpec spec = Pve.spec("pw-host");
        assertThat(spec.toString()).doesNotContain("root-pw-123");
        assertThat(Secret.of("root-pw-123").toString()).doesNotContain("root-pw-123");
    }
}
