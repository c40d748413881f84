package dev.proximity.store.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyTimestampsTest {

    @ParameterizedTest
    @CsvSource({
            "2025-10-04 00:33:41.918809, 2025-10-04T00:33:41.918809Z",
            "2025-10-02T18:04:11.120004, 2025-10-02T18:04:11.120004Z",
            "2025-10-03T09:12:55,        2025-10-03T09:12:55Z",
            "2025-09-28 21:40:02,        2025-09-28T21:40:02Z",
            "2025-10-01 07:00:00.5,      2025-10-01T07:00:00.500Z",
            "2025-10-03T09:12:55Z,       2025-10-03T09:12:55Z",
            "2025-10-03t09:12:55.25z,    2025-10-03T09:12:55.250Z",
            "2025-10-03 11:12:55+02:00,  2025-10-03T09:12:55Z",
            "' 2025-10-03T09:12:55 ',    2025-10-03T09:12:55Z",
            "2025-10-03T09:12:55.123456789, 2025-10-03T09:12:55.123456789Z",
            "2025-10-03T09:12,           2025-10-03T09:12:00Z",
            "1700000000,                 2023-11-14T22:13:20Z"})
    void readsEveryLegacyFormAsUtc(String text, String expected) {
        assertThat(LegacyTimestamps.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a date", "2025-13-01 00:00:00", "2025-02-30T00:00:00", "2025-10-04",
            "2025-10-03 09:12:55.1234567891", "2025-10-03 09:12:55 extra", "2025-10-03 24:00:00",
            "２０２５-10-03 09:12:55"})
    void rejectsWhatIsNotATimestamp(String text) {
        assertThat(LegacyTimestamps.parse(text)).isEmpty();
    }

    @Test
    void writesNaiveUtcWithMicroseconds() {
        assertThat(LegacyTimestamps.format(Instant.parse("2025-10-04T00:33:41.918Z"))).isEqualTo("2025-10-04 00:33:41.918000");
        assertThat(LegacyTimestamps.format(Instant.parse("2025-10-04T00:33:41Z"))).isEqualTo("2025-10-04 00:33:41.000000");
    }

    @Test
    void whatIsWrittenReadsBackExactly() {
        Instant instant = Instant.parse("2024-02-29T23:59:59.999Z");
        assertThat(LegacyTimestamps.parse(LegacyTimestamps.format(instant))).contains(instant);
    }
}
