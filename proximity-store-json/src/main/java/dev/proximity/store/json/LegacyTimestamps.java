package dev.proximity.store.json;

import java.time.DateTimeException;
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
import java.util.regex.Pattern;

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

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{9,11}(\\.\\d{1,9})?");

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
        String trimmed = text.trim();
        Instant naive = parseNaive(trimmed);
        if (naive != null) {
            return Optional.of(naive);
        }
        if (EPOCH_SECONDS.matcher(trimmed).matches()) {
            // seconds since the epoch, as some writers stored time.time()
            String[] parts = trimmed.split("\\.");
            long nanos = parts.length == 2 ? Long.parseLong((parts[1] + "00000000").substring(0, 9)) : 0;
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos));
        }
        String iso = trimmed.length() > 10 && trimmed.charAt(10) == ' '
                ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11) : trimmed;
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
     * The fast path for the forms real files hold ({@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z]}):
     * a large file holds hundreds of thousands of timestamps and the general formatter is slow.
     *
     * @return the instant, or null to let the general formatter decide
     */
    private static Instant parseNaive(String text) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || (text.charAt(10) != ' ' && text.charAt(10) != 'T')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (position < length && text.charAt(position) == '.') {
            int first = ++position;
            while (position < length && position - first < 9 && Character.isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position++) - '0');
            }
            if (position == first) {
                return null;
            }
            for (int scale = position - first; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        if (position < length && (text.charAt(position) == 'Z' || text.charAt(position) == 'z')) {
            position++;
        }
        if (position != length) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** @return the non-negative number in {@code text[from, to)}, or -1 when it is not all ASCII digits */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * @param instant a time
     * @return the naive UTC form with microseconds, e.g. {@code 2025-10-04 00:33:41.918000}
     */
    static String format(Instant instant) {
        return WRITE.format(instant);
    }
}
