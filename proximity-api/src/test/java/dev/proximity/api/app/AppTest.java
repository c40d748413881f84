package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppTest {

    private static App.Builder valid() {
        return App.builder().id("nginx-web").catalogId("nginx").name("Nginx").hostname("web").status(AppStatus.RUNNING);
    }

    @Test
    void truncatesTimestampsToMillisecondsSoEveryStoreRoundTripsThem() {
        App app = valid().createdAt(Instant.parse("2025-10-04T00:33:41.918809Z")).build();

        assertThat(app.createdAt()).isEqualTo(Instant.parse("2025-10-04T00:33:41.918Z"));
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        assertThatThrownBy(() -> valid().id(" ").vmid(5).publicPort(70000).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors())
                        .extracting(f -> f.field()).containsExactly("id", "vmid", "publicPort"));
    }

    @Test
    void collectionsAreUnmodifiableCopiesThatKeepNullJsonValues() {
        Map<String, Object> config = new HashMap<>();
        config.put("memory", null);
        App app = valid().config(config).volumes(null).build();
        config.put("late", 1);

        assertThat(app.config()).containsOnlyKeys("memory");
        assertThat(app.volumes()).isEmpty();
        assertThatThrownBy(() -> app.config().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsPortMappingsOutsideTheTcpRange() {
        assertThatThrownBy(() -> valid().ports(Map.of(0, 80)).build()).hasMessageContaining("ports");
    }

    @Test
    void withStatusStampsTheChange() {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        App stopped = valid().build().withStatus(AppStatus.STOPPED, at);

        assertThat(stopped.status()).isEqualTo(AppStatus.STOPPED);
        assertThat(stopped.stateChangedAt()).isEqualTo(at);
        assertThat(stopped.updatedAt()).isEqualTo(at);
    }

    @Test
    void deployRequestNormalizesHostnameAndDerivesTheAppId() {
        DeployRequest request = DeployRequest.of("wordpress", "Blog-1");

        assertThat(request.hostname()).isEqualTo("blog-1");
        assertThat(request.appId()).isEqualTo("wordpress-blog-1");
        assertThat(request.config()).isEmpty();
    }

    @Test
    void deployRequestRejectsBadPorts() {
        assertThatThrownBy(() -> new DeployRequest("nginx", "web", null, null, 0, 70000, Map.of(), Map.of()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactly("publicPort", "internalPort"));
    }

    @Test
    void queryRejectsBadPagingAndDefaultsTheSort() {
        assertThatThrownBy(() -> AppQuery.all().withPage(-1, 0)).hasMessageContaining("page").hasMessageContaining("size");
        assertThat(AppQuery.all().withText("  ").text()).isNull();
        assertThat(AppQuery.all().withPage(3, 20).offset()).isEqualTo(60);
    }

    @Test
    void pageArithmetic() {
        Page<String> page = new Page<>(List.of("a", "b"), 0, 2, 5);

        assertThat(page.totalPages()).isEqualTo(3);
        assertThat(page.hasNext()).isTrue();
        assertThat(new Page<>(List.of("e"), 2, 2, 5).hasNext()).isFalse();
    }
}
