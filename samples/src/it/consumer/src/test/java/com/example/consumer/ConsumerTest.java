package com.example.consumer;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.platform.Secret;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.ssh.SimulatedNodeSshServer;
import dev.proximity.proxmox.simulator.ssh.SimulatorGuestContainers;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;
import dev.proximity.store.json.JsonCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Proximity used from outside its build: the published jars, the simulator in test scope, an SQLite store. */
class ConsumerTest {

    @TempDir
    Path directory;

    @Test
    void deploysAnAppAndListsItBack() throws Exception {
        Path catalog = Files.createDirectories(directory.resolve("catalog"));
        try (InputStream nginx = ConsumerTest.class.getResourceAsStream("/catalog/nginx.json")) {
            Files.copy(nginx, catalog.resolve("nginx.json"));
        }
        String store = "jdbc:sqlite:" + directory.resolve("proximity.db");
        Secret token = Secret.of("consumer-token");
        Secret password = Secret.of("consumer-pw");
        try (ProxmoxSimulator pve = ProxmoxSimulator.builder().node("pve", 64, 16).apiToken("root@pam!c", token.value())
                     .taskDuration(Duration.ofMillis(20)).start();
             SimulatedNodeSshServer ssh = SimulatedNodeSshServer.builder("pve", SimulatorGuestContainers.of(pve))
                     .password("root", password).start();
             ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(ProxmoxConfig.builder(pve.url())
                     .credentials(ProxmoxCredentials.apiToken("root@pam!c", token))
                     .tls(TlsTrust.pinnedFingerprint(pve.fingerprint())).build());
             PctExecGuestExec guest = PctExecGuestExec.builder(SshCredentials.password("root", password))
                     .hostKeys(HostKeyPolicy.pinnedFingerprint(ssh.hostKeyFingerprint()))
                     .nodeAddresses(NodeAddressResolver.of(Map.of("pve", new NodeAddress(ssh.host(), ssh.port())))).build();
             Proximity proximity = Proximity.builder().store(store).platform(platform).guestExec(guest)
                     .catalog(JsonCatalog.load(catalog)).build()) {
            App web = proximity.apps().deploy(DeployRequest.of("nginx", "web"));
            assertEquals(AppStatus.RUNNING, web.status());
        }

        assertEquals(List.of("nginx-web running"), AppInventory.list(store));
    }
}
