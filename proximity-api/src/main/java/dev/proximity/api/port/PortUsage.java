package dev.proximity.api.port;

/**
 * How full one range is.
 *
 * @param kind which range
 * @param range the range
 * @param used ports held by a live lease
 * @param available free ports
 * @param total the range size
 */
public record PortUsage(PortKind kind, PortRange range, int used, int available, int total) {

    /** @return the range as text, e.g. {@code 8100-8999} */
    public String rangeText() {
        return range.toString();
    }
}
