package dev.proximity.proxmox;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the client needs to reach one Proxmox VE cluster. Build with {@link #builder(String)}:
 * <pre>{@code
 * ProxmoxConfig config = ProxmoxConfig.builder("https://pve.example:8006")
 *         .credentials(ProxmoxCredentials.apiToken("proximity@pve!app", Secret.of(System.getenv("PVE_TOKEN"))))
 *         .tls(TlsTrust.pinnedFingerprint("AB:CD:..."))
 *         .build();
 * }</pre>
 * {@code toString} shows the credentials' identity, never their secret.
 *
 * @param baseUrl the node's URL, e.g. {@code https://pve.example:8006} (the {@code /api2/json} prefix is added)
 * @param credentials token or user/password
 * @param tls which certificates to accept
 * @param connectTimeout TCP and TLS connect timeout
 * @param callTimeout how long a single HTTP call may take
 * @param retry retries for calls that are safe to repeat
 * @param polling task waiting
 * @param ticketRenewAfter age after which a ticket is renewed (tickets live 2 h; renew after about 1 h)
 */
public record ProxmoxConfig(URI baseUrl, ProxmoxCredentials credentials, TlsTrust tls, Duration connectTimeout,
                            Duration callTimeout, RetryPolicy retry, TaskPolling polling, Duration ticketRenewAfter) {

    /** Validates the configuration. */
    public ProxmoxConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(polling, "polling");
        Objects.requireNonNull(ticketRenewAfter, "ticketRenewAfter");
        if (!"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Proxmox URL must be https://host[:port], was '" + baseUrl + "'");
        }
        if (ticketRenewAfter.isNegative() || connectTimeout.isNegative() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * @param baseUrl the node's URL, e.g. {@code https://pve.example:8006}
     * @return a builder with safe defaults
     */
    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl));
    }

    @Override
    public String toString() {
        String who = credentials instanceof ProxmoxCredentials.ApiToken token ? "token " + token.tokenId()
                : "user " + ((ProxmoxCredentials.UserPassword) credentials).username();
        return String.format(Locale.ROOT, "ProxmoxConfig[%s, %s, tls=%s, retry=%s, polling=%s]",
                baseUrl, who, tls, retry, polling);
    }

    /** Builds a {@link ProxmoxConfig}; every setting but the credentials has a safe default. */
    public static final class Builder {
        private final URI baseUrl;
        private ProxmoxCredentials credentials;
        private TlsTrust tls = TlsTrust.systemDefault();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(60);
        private RetryPolicy retry = RetryPolicy.defaults();
        private TaskPolling polling = TaskPolling.defaults();
        private Duration ticketRenewAfter = Duration.ofHours(1);

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        /**
         * @param value token or user/password
         * @return this builder
         */
        public Builder credentials(ProxmoxCredentials value) {
            this.credentials = value;
            return this;
        }

        /**
         * @param value which certificates to accept
         * @return this builder
         */
        public Builder tls(TlsTrust value) {
            this.tls = value;
            return this;
        }

        /**
         * @param value connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /**
         * @param value per-call timeout
         * @return this builder
         */
        public Builder callTimeout(Duration value) {
            this.callTimeout = value;
            return this;
        }

        /**
         * @param value retry policy
         * @return this builder
         */
        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        /**
         * @param value task polling
         * @return this builder
         */
        public Builder polling(TaskPolling value) {
            this.polling = value;
            return this;
        }

        /**
         * @param value ticket age after which it is renewed
         * @return this builder
         */
        public Builder ticketRenewAfter(Duration value) {
            this.ticketRenewAfter = value;
            return this;
        }

        /** @return the configuration */
        public ProxmoxConfig build() {
            return new ProxmoxConfig(baseUrl, credentials, tls, connectTimeout, callTimeout, retry, polling,
                    ticketRenewAfter);
        }
    }
}
