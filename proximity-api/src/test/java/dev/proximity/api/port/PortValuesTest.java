package dev.proximity.api.port;

import dev.proximity.api.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortValuesTest {

    @Test
    void rangeParsesAndMeasures() {
        PortRange range = PortRange.parse(" 8100 - 8999 ");

        assertThat(range).isEqualTo(new PortRange(8100, 8999));
        assertThat(range.size()).isEqualTo(900);
        assertThat(range.contains(8999)).isTrue();
        assertThat(range.contains(9000)).isFalse();
        assertThat(range).hasToString("8100-8999");
    }

    @Test
    void rangeRejectsInvertedAndOutOfBoundsAndGarbage() {
        assertThatThrownBy(() -> new PortRange(9000, 8000)).hasMessageContaining("inverted");
        assertThatThrownBy(() -> new PortRange(0, 10)).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> new PortRange(65000, 65536)).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> PortRange.parse("eighty")).hasMessageContaining("FIRST-LAST");
    }

    @Test
    void policyRejectsOverlappingRangesAndNonPositiveTimeouts() {
        assertThatThrownBy(() -> new PortPolicy(new PortRange(8000, 9000), new PortRange(9000, 9100), Duration.ofMinutes(1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> new PortPolicy(PortPolicy.DEFAULT_PUBLIC, PortPolicy.DEFAULT_INTERNAL, Duration.ZERO))
                .hasMessageContaining("reservationTimeout");
        assertThat(PortPolicy.defaults().range(PortKind.INTERNAL)).isEqualTo(new PortRange(9100, 9999));
    }

    @Test
    void leaseLivenessFollowsStateAndExpiry() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        PortLease reserved = new PortLease(8100, "app", LeaseState.RESERVED, t, t.plusSeconds(60));

        assertThat(reserved.isLive(t.plusSeconds(59))).isTrue();
        assertThat(reserved.isLive(t.plusSeconds(60))).isFalse();
        assertThat(new PortLease(8100, "app", LeaseState.BOUND, t, null).isLive(t.plusSeconds(1_000_000))).isTrue();
        assertThatThrownBy(() -> new PortLease(8100, "app", LeaseState.RESERVED, t, null)).hasMessageContaining("expiresAt");
    }

    @Test
    void pairRejectsTheSamePortTwice() {
        assertThatThrownBy(() -> new PortPair(8100, 8100)).hasMessageContaining("differ");
    }
}
