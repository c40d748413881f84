package dev.proximity.api.port;

import dev.proximity.api.error.InvalidRequestException;

/**
 * An inclusive range of TCP ports.
 *
 * @param first the first port, 1 to 65535
 * @param last the last port, at least {@code first}
 */
public record PortRange(int first, int last) {

    /** Rejects ports outside 1-65535 and inverted ranges. */
    public PortRange {
        if (first < 1 || first > 65535 || last < 1 || last > 65535) {
            throw InvalidRequestException.of("portRange", first + "-" + last, "must lie within 1-65535");
        }
        if (first > last) {
            throw InvalidRequestException.of("portRange", first + "-" + last, "is inverted: first port is after last");
        }
    }

    /**
     * Parses {@code "8100-8999"}.
     *
     * @param text the range text
     * @return the range
     */
    public static PortRange parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        try {
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the uniform error below
        }
        throw InvalidRequestException.of("portRange", text, "must look like FIRST-LAST, e.g. 8100-8999");
    }

    /** @return how many ports the range holds */
    public int size() {
        return last - first + 1;
    }

    /**
     * @param port a port
     * @return whether the port lies in the range
     */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /**
     * @param other another range
     * @return whether the two share a port
     */
    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    /** @return {@code first-last} */
    @Override
    public String toString() {
        return first + "-" + last;
    }
}
