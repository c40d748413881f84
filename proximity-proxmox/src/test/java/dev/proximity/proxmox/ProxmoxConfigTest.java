package dev.proximity.proxmox;

import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the configuration accepts and refuses. */
class ProxmoxConfigTest {

    @Test
    void apiBaseAcceptsHostPathPrefixAndFullApiUrls() {
        assertThat(ProxmoxTransport.apiBase("https://pve:8006").toString()).isEqualTo("https://pve:8006/api2/json");
        assertThat(ProxmoxTransport.apiBase("https://pve:8006/").toString()).isEqualTo("https://pve:8006/api2/json");
        assertThat(ProxmoxTransport.apiBase("https://pve:8006/api2/json/").toString()).isEqualTo("https://pve:8006/api2/json");
        assertThat(ProxmoxTransport.apiBase("https://gw.example/pve").toString()).isEqualTo("https://gw.example/pve/api2/json");
    }

    @Test
    void aUrlEndingInTheApiPrefixReachesTheServer() {
        try (ProxmoxSimulator pve = Pve.fastSimulator().start();
             ProxmoxClient client = new ProxmoxClient(Pve.config(pve).build())) {
            ProxmoxConfig withPrefix = new ProxmoxConfig(java.net.URI.create(pve.url() + "/api2/json"),
                    client.config().credentials(), client.config().tls(), Duration.ofSeconds(5), Duration.ofSeconds(5),
                    client.config().retry(), client.config().polling(), Duration.ofHours(1));
            try (ProxmoxClient prefixed = new ProxmoxClient(withPrefix)) {
                assertThat(prefixed.nodes()).hasSize(1);
            }
        }
    }

    @Test
    void credentialsAreRequiredAndValidated() {
        assertThatThrownBy(() -> ProxmoxConfig.builder("https://pve:8006").build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> ProxmoxCredentials.apiToken("root@pam", Secret.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user@realm!tokenid");
        assertThatThrownBy(() -> ProxmoxCredentials.userPassword("root", Secret.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user@realm");
    }

    @Test
    void policiesRejectNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskPolling(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
