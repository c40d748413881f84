package dev.proximity.api.store;

/**
 * Receives what makes each app of a source unique, one app record at a time (see
 * {@link RecordSource#streamClaims}).
 */
@FunctionalInterface
public interface ClaimVisitor {

    /**
     * @param position the record's position among the source's apps
     * @param id its id, or null when none can be read
     * @param hostname its hostname, lower-cased, or null when none can be read
     * @param vmid its container id, or null
     * @return whether to go on
     */
    boolean app(long position, String id, String hostname, Integer vmid);
}
