package dev.proximity.proxmox;

import dev.proximity.api.platform.ContainerPlatform;
import dev.proximity.api.platform.ContainerSpec;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Shared set-up for the conformance tests: a fast simulator and clients pointed at it. */
final class Pve {

    static final String TOKEN_ID = "root@pam!ci";
    static final String TOKEN_SECRET = "tok-5ecret-9f1c";
    static final String USER = "root@pam";
    static final String PASSWORD = "pa55-w0rd-xyz";
    static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    private Pve() {
    }

    /** @return a simulator builder with short tasks and no auth-failure delay */
    static ProxmoxSimulator.Builder fastSimulator() {
        return ProxmoxSimulator.builder()
                .apiToken(TOKEN_ID, TOKEN_SECRET)
                .user(USER, PASSWORD)
                .taskDuration(Duration.ofMillis(30))
                .authFailureDelay(Duration.ZERO);
    }

    /** @return a config builder trusting the simulator by its pinned fingerprint, token auth, fast polling and retries */
    static ProxmoxConfig.Builder config(ProxmoxSimulator pve) {
        return ProxmoxConfig.builder(pve.url())
                .credentials(ProxmoxCredentials.apiToken(TOKEN_ID, Secret.of(TOKEN_SECRET)))
                .tls(TlsTrust.pinnedFingerprint(pve.fingerprint()))
                .retry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50)))
                .polling(new TaskPolling(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20), Duration.ofSeconds(2)));
    }

    static ProxmoxConfig.Builder ticketConfig(ProxmoxSimulator pve) {
        return config(pve).credentials(ProxmoxCredentials.userPassword(USER, Secret.of(PASSWORD)));
    }

    /**
     * Creates a container under the next free vmid, as a caller of the platform port does.
     *
     * @return the vmid
     */
    static int create(ContainerPlatform platform, String node, ContainerSpec spec) {
        int vmid = platform.nextFreeVmid();
        platform.createContainer(node, spec.withVmid(vmid));
        return vmid;
    }

    /** Creates a container under the spec's own vmid. @return the vmid */
    static int createAs(ContainerPlatform platform, String node, ContainerSpec spec) {
        platform.createContainer(node, spec);
        return spec.vmid();
    }

    /** @return a spec whose vmid (100) is a placeholder: {@link #create} replaces it with a free one */
    static ContainerSpec spec(String hostname) {
        return new ContainerSpec(100, hostname, TEMPLATE, 2, 1024, 512, "local-lvm:8",
                "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, Secret.of("root-pw-123"),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host", false, "managed by proximity", List.of("web"));
    }

    /** Waits up to 10 s for a condition the test needs before its next step, and fails the test if it never holds. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
