package dev.proximity.store.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * The timestamp forms of the legacy {@code apps.json}. The original system wrote naive UTC times,
 * sometimes with a space ({@code 2025-10-04 00:33:41.918809}), sometimes ISO with {@code T}, with or
 * without a fraction; a few files carry a {@code Z} or an offset. Every form is read; one is written.
 */
final class LegacyTimestamps {

    /** Accepts {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]]} with an optional offset or {@code Z}. */
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** The form the original system wrote most, kept so legacy readers parse what we write. */
    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private LegacyTimestamps() {
    }

    /**
     * @param text a stored timestamp
     * @return the instant (naive times are UTC), or empty when the text is blank or not a timestamp
     */
    static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.trim();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            TemporalAccessor parsed = READ.parse(iso);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.from(parsed).toInstant());
            }
            return Optional.of(LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notATimestamp) {
            return Optional.empty();
        }
    }

    /**
     * @param instant a time
     * @return the naive UTC form with microseconds, e.g. {@code 2025-10-04 00:33:41.918000}
     */
    static String format(Instant instant) {
        return WRITE.format(instant);
    }
}
