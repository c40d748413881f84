package dev.proximity.api.app;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppStatusTest {

    @Test
    void readsLegacyStatusesAndKeepsThem() {
        assertThat(AppStatus.fromWireName("update_failed")).isEqualTo(AppStatus.UPDATE_FAILED);
        assertThat(AppStatus.fromWireName("Adopting")).isEqualTo(AppStatus.ADOPTING);
        assertThat(AppStatus.UPDATE_FAILED.isLegacy()).isTrue();
        assertThat(AppStatus.UPDATE_FAILED.wireName()).isEqualTo("update_failed");
    }

    @Test
    void everyStatusRoundTripsThroughItsWireName() {
        for (AppStatus status : AppStatus.values()) {
            assertThat(AppStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
    }

    @Test
    void unknownStatusNamesTheValueAndTheKnownOnes() {
        assertThatThrownBy(() -> AppStatus.fromWireName("frobnicating"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("frobnicating")
                .hasMessageContaining("running, stopped");
    }

    @Test
    void transitionalStatesAreTheShortLivedOnes() {
        assertThat(AppStatus.DEPLOYING.isTransitional()).isTrue();
        assertThat(AppStatus.REMOVING.isTransitional()).isTrue();
        assertThat(AppStatus.RUNNING.isTransitional()).isFalse();
        assertThat(AppStatus.ERROR.isTransitional()).isFalse();
    }
}
