package dev.proximity.api.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    @Test
    void neverPrintsItsValueEvenInsideOtherRecords() {
        Secret secret = Secret.of("hunter2");
        ContainerSpec spec = new ContainerSpec(100, "web", "local:vztmpl/debian.tar.zst", 1, 512, 0, "local-lvm:8",
                "name=eth0,bridge=vmbr0,ip=dhcp", "nesting=1", true, secret, null, false, "d", java.util.List.of());

        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(spec.toString()).doesNotContain("hunter2");
        assertThat(secret.value()).isEqualTo("hunter2");
    }

    @Test
    void containerSpecRejectsShortPasswordsWithoutEchoingThem() {
        assertThatThrownBy(() -> new ContainerSpec(100, "web", "tpl", 1, 512, 0, null, null, null, true,
                Secret.of("abc"), null, false, null, null))
                .hasMessageContaining("at least 5 characters")
                .hasMessageNotContaining("abc'");
    }
}
