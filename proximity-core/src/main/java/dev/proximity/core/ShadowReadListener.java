package dev.proximity.core;

import java.time.Duration;
import java.util.List;

/**
 * Hears about shadow reads, in the style of GitHub's Scientist: the primary store answered the
 * caller; the secondary answered the same read, and the two answers were compared field by field
 * (the version excepted). Called on the caller's thread after its read; keep it quick.
 */
@FunctionalInterface
public interface ShadowReadListener {

    /** Ignores everything. */
    ShadowReadListener NONE = comparison -> { };

    /** @param comparison one compared read */
    void compared(Comparison comparison);

    /**
     * One compared read.
     *
     * @param primary the primary store's descriptor
     * @param secondary the secondary store's descriptor
     * @param matched whether the answers agree
     * @param differences what differs, e.g. {@code app nginx-web: url: http://a vs http://b}; empty when matched
     * @param primaryTime how long the primary took
     * @param secondaryTime how long the secondary took
     * @param secondaryFailure why the secondary could not answer, or null
     */
    record Comparison(String primary, String secondary, boolean matched, List<String> differences, Duration primaryTime,
                      Duration secondaryTime, String secondaryFailure) {
        /** Copies the differences. */
        public Comparison {
            differences = List.copyOf(differences);
        }
    }
}
