package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulated guest behaves like a Debian or Alpine container with (or without) Docker, through
 * the real client: REST API for the containers, {@code pct exec} over SSH for the scripts.
 */
class SimulatedGuestTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Secret TOKEN = Secret.of("tok-guest-9c1e");
    private static final Secret ROOT_PASSWORD = Secret.of("node-root-pw");
    private static final String INSTALL = "if docker compose version >/dev/null 2>&1; then echo present; exit 0; fi\n"
            + "if command -v apk >/dev/null 2>&1; then apk add --no-cache docker docker-cli-compose && rc-update add docker default"
            + " && service docker start && echo installed-with-apk\n"
            + "elif command -v apt-get >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq docker.io docker-compose"
            + " && systemctl enable --now docker && echo installed-with-apt\n"
            + "else echo 'no supported package manager' >&2; exit 3; fi\n";
    private static final String COMPOSE = "{\"services\": {\"web\": {\"image\": \"nginx\", \"ports\": [\"9101:80\"]}}}";

    private ProxmoxSimulator pve;
    private ProxmoxContainerPlatform platform;
    private SimulatedNodeSshServer node;
    private PctExecGuestExec exec;

    @BeforeEach
    void startCluster() throws Exception {
        pve = ProxmoxSimulator.builder().apiToken("root@pam!guest", TOKEN.value()).taskDuration(Duration.ofMillis(10))
                .authFailureDelay(Duration.ZERO).start();
        platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                .credentials(ProxmoxCredentials.apiToken("root@pam!guest", TOKEN))
                .tls(TlsTrust.pinnedFingerprint(pve.fingerprint())).build());
        node = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve)).password("root", ROOT_PASSWORD).start();
        exec = PctExecGuestExec.builder(SshCredentials.password("root", ROOT_PASSWORD))
                .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(node.host(), node.port()))))
                .hostKeys(HostKeyPolicy.pinnedFingerprint(node.hostKeyFingerprint())).build();
    }

    @AfterEach
    void stopCluster() {
        exec.close();
        node.close();
        platform.close();
        pve.close();
    }

    private int running(int vmid, String template) {
        platform.createContainer("pve", new ContainerSpec(vmid, "guest-" + vmid, template, 1, 512, 0, "local-lvm:4",
                "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, null, null, false, null, List.of()));
        platform.start("pve", vmid);
        return vmid;
    }

    private ExecResult run(int vmid, String script) {
        return exec.run("pve", vmid, script, TIMEOUT);
    }

    @Test
    void dockerIsMissingUntilTheOsPackageManagerInstallsIt() {
        int debian = running(101, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        int alpine = running(102, "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz");
        int other = running(103, "local:vztmpl/archlinux-base_20240911-1_amd64.tar.zst");

        assertThat(run(debian, "docker compose version").exitCode()).isEqualTo(127);
        assertThat(run(debian, INSTALL).stdout()).endsWith("installed-with-apt\n");
        assertThat(run(debian, INSTALL).stdout()).isEqualTo("present\n");
        assertThat(run(alpine, "command -v apt-get || echo no-apt").stdout()).isEqualTo("no-apt\n");
        assertThat(run(alpine, INSTALL).stdout()).endsWith("installed-with-apk\n");
        ExecResult unsupported = run(other, INSTALL);
        assertThat(unsupported.exitCode()).isEqualTo(3);
        assertThat(unsupported.stderr()).contains("no supported package manager");
    }

    @Test
    void aComposeProjectThatIsUpAnswersOnItsPublishedPortUntilItGoesDown() {
        int vmid = running(104, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        run(vmid, INSTALL);
        String app = "root=\"${PROXIMITY_GUEST_ROOT:-}\"; d=\"$root/opt/proximity/web\"; ";

        assertThat(run(vmid, app + "mkdir -p \"$d\" && printf '%s' '" + COMPOSE + "' > \"$d/docker-compose.yml\"").exitCode()).isZero();
        assertThat(run(vmid, "nc -z -w 2 127.0.0.1 9101").exitCode()).isEqualTo(1);
        assertThat(run(vmid, app + "cd \"$d\" && docker compose -p web up -d").exitCode()).isZero();
        assertThat(run(vmid, "nc -z -w 2 127.0.0.1 9101").exitCode()).isZero();
        assertThat(run(vmid, "curl -s -o /dev/null http://127.0.0.1:9101/").exitCode()).isZero();
        assertThat(run(vmid, "nc -z 127.0.0.1 9102").exitCode()).isEqualTo(1);
        assertThat(run(vmid, app + "cd \"$d\" && docker compose -p web down").exitCode()).isZero();
        assertThat(run(vmid, "wget -q -O /dev/null http://127.0.0.1:9101/").exitCode()).isEqualTo(4);

        Path disk = pve.container(vmid).orElseThrow().disk();
        assertThat(disk.resolve("opt/proximity/web/docker-compose.yml")).hasContent(COMPOSE);
        assertThat(run(vmid, app + "cd \"$d\" && rm docker-compose.yml && docker compose -p web up -d").exitCode()).isEqualTo(14);
    }

    @Test
    void aDestroyedContainerTakesItsDiskWithItAndANewOneStartsEmpty() {
        int vmid = running(105, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        run(vmid, INSTALL);
        Path disk = pve.container(vmid).orElseThrow().disk();

        platform.delete("pve", vmid, true, true);
        running(vmid, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");

        assertThat(Files.exists(disk)).isFalse();
        assertThat(run(vmid, "docker compose version").exitCode()).isEqualTo(127);
    }

    @Test
    void injectedFaultsFailHangOrDropTheMatchingScript() {
        int vmid = running(106, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        node.inject(ExecFault.whenScriptContains("compose").times(2).exit(18, "pull access denied"));

        ExecResult failed = run(vmid, "docker compose -p x pull");
        assertThat(failed.exitCode()).isEqualTo(18);
        assertThat(failed.stderr()).isEqualTo("pull access denied\n");
        assertThat(run(vmid, "echo compose").exitCode()).isEqualTo(18);
        assertThat(run(vmid, "echo compose").stdout()).isEqualTo("compose\n");

        node.inject(ExecFault.whenScriptContains("slow").hang());
        assertThatThrownBy(() -> exec.run("pve", vmid, "echo slow", Duration.ofMillis(500)))
                .isInstanceOf(PlatformTimeoutException.class);

        node.inject(ExecFault.whenScriptContains("doomed").dropConnection());
        assertThatThrownBy(() -> run(vmid, "echo doomed")).isInstanceOf(PlatformException.class)
                .isNotInstanceOf(PlatformTimeoutException.class);
        assertThat(run(vmid, "echo recovered").stdout()).isEqualTo("recovered\n");
    }

    @Test
    void theHostsPackageManagerIsNeverReachable() {
        int vmid = running(107, "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz");

        ExecResult result = run(vmid, "apt-get install -y curl; echo rc=$?");

        assertThat(result.stdout()).isEqualTo("rc=127\n");
    }
}
