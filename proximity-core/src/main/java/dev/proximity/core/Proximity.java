package dev.proximity.core;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.port.PortManager;
import dev.proximity.api.port.PortPolicy;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import dev.proximity.core.port.LeasingPortManager;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One wired Proximity instance: the entry point of the library. Build it, use its services, close it.
 *
 * <pre>{@code
 * try (Proximity proximity = Proximity.builder()
 *         .store("jdbc:sqlite:data/proximity.db")
 *         .publicPorts("8100-8999")
 *         .build()) {
 *     PortPair ports = proximity.ports().allocate("nginx-web");
 * }
 * }</pre>
 */
public final class Proximity implements AutoCloseable {

    private final ProximityStore store;
    private final boolean ownsStore;
    private final PortManager ports;

    private Proximity(Builder builder) {
        PortPolicy policy = new PortPolicy(builder.publicRange, builder.internalRange, builder.reservationTimeout);
        this.ownsStore = builder.store == null;
        this.store = ownsStore ? Stores.open(builder.storeUrl) : builder.store;
        this.ports = new LeasingPortManager(store, policy, builder.clock);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port manager */
    public PortManager ports() {
        return ports;
    }

    /** @return the store this instance uses */
    public ProximityStore store() {
        return store;
    }

    /** Closes the store if this instance opened it from a URL. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    /** Configures and validates a {@link Proximity}; every setting has a sensible default except the store. */
    public static final class Builder {
        private ProximityStore store;
        private String storeUrl;
        private PortRange publicRange = PortPolicy.DEFAULT_PUBLIC;
        private PortRange internalRange = PortPolicy.DEFAULT_INTERNAL;
        private Duration reservationTimeout = PortPolicy.DEFAULT_RESERVATION_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Uses a store the caller opened (and closes).
         *
         * @param value the store
         * @return this
         */
        public Builder store(ProximityStore value) {
            store = Objects.requireNonNull(value, "store");
            storeUrl = null;
            return this;
        }

        /**
         * Opens a store by URL ({@code json:...}, {@code jdbc:sqlite:...}, {@code jdbc:postgresql:...})
         * when {@link #build()} runs; the instance closes it.
         *
         * @param url the store URL
         * @return this
         */
        public Builder store(String url) {
            storeUrl = Objects.requireNonNull(url, "url");
            store = null;
            return this;
        }

        /** @param range public port range, e.g. {@code 8100-8999} @return this */
        public Builder publicPorts(String range) {
            publicRange = PortRange.parse(range);
            return this;
        }

        /** @param range internal port range, e.g. {@code 9100-9999} @return this */
        public Builder internalPorts(String range) {
            internalRange = PortRange.parse(range);
            return this;
        }

        /** @param timeout how long an unbound reservation lives @return this */
        public Builder reservationTimeout(Duration timeout) {
            reservationTimeout = Objects.requireNonNull(timeout, "reservationTimeout");
            return this;
        }

        /** @param value the time source @return this */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Validates every setting, then opens the store if a URL was given.
         *
         * @return the wired instance
         * @throws InvalidRequestException when a setting is invalid (e.g. overlapping port ranges) or no store was given
         */
        public Proximity build() {
            if (store == null && storeUrl == null) {
                throw InvalidRequestException.of("store", null, "is required: pass a store or a store URL");
            }
            return new Proximity(this);
        }
    }
}
