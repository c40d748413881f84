package dev.proximity.samples.ports;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.port.PortPair;
import dev.proximity.core.Proximity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Port range configuration is validated when a {@link Proximity} is built, before any store is touched. */
class ProximityBuilderTest {

    @TempDir
    Path dir;

    private Proximity.Builder builder() {
        return Proximity.builder().store("jdbc:sqlite:" + dir.resolve("proximity.db"));
    }

    @Test
    void invertedRangeIsRejectedNamingIt() {
        assertThatThrownBy(() -> builder().publicPorts("8999-8100").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("8999-8100").hasMessageContaining("inverted");
    }

    @Test
    void emptyOrMalformedRangeIsRejected() {
        assertThatThrownBy(() -> builder().internalPorts("").build()).hasMessageContaining("FIRST-LAST");
        assertThatThrownBy(() -> builder().internalPorts("9100-").build()).hasMessageContaining("FIRST-LAST");
    }

    @Test
    void rangeOutsideTcpPortsIsRejected() {
        assertThatThrownBy(() -> builder().publicPorts("0-100").build()).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> builder().internalPorts("65000-70000").build()).hasMessageContaining("1-65535");
    }

    @Test
    void overlappingRangesAreRejectedAtBuildTimeWithoutOpeningTheStore() {
        assertThatThrownBy(() -> builder().publicPorts("8000-9000").internalPorts("8500-9500").build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("overlaps the public range 8000-9000");
        assertThat(Files.exists(dir.resolve("proximity.db"))).as("no store file created for a rejected configuration").isFalse();
    }

    @Test
    void nonPositiveReservationTimeoutIsRejected() {
        assertThatThrownBy(() -> builder().reservationTimeout(Duration.ZERO).build()).hasMessageContaining("reservationTimeout");
    }

    @Test
    void missingStoreIsRejected() {
        assertThatThrownBy(() -> Proximity.builder().build()).hasMessageContaining("store is required");
    }

    @Test
    void validConfigurationHandsOutPortsFromItsRanges() {
        try (Proximity proximity = builder().publicPorts("18000-18009").internalPorts("19000-19009").build()) {
            assertThat(proximity.ports().allocate("app")).isEqualTo(new PortPair(18000, 19000));
            assertThat(proximity.ports().policy().publicRange().size()).isEqualTo(10);
        }
    }
}
