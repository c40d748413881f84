package dev.proximity.proxmox;

import dev.proximity.api.platform.Secret;

import java.util.Objects;

/**
 * How the client proves who it is: an API token (stateless, preferred) or a user and password
 * (tickets with CSRF protection). Secrets are {@link Secret}s, so printing a credential shows a mask.
 */
public sealed interface ProxmoxCredentials {

    /**
     * @param tokenId {@code user@realm!tokenid}
     * @param secret the token secret
     * @return token credentials
     */
    static ProxmoxCredentials apiToken(String tokenId, Secret secret) {
        return new ApiToken(tokenId, secret);
    }

    /**
     * @param username {@code user@realm}
     * @param password the password
     * @return ticket credentials
     */
    static ProxmoxCredentials userPassword(String username, Secret password) {
        return new UserPassword(username, password);
    }

    /**
     * An API token: {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET}.
     *
     * @param tokenId {@code user@realm!tokenid}
     * @param secret the token secret
     */
    record ApiToken(String tokenId, Secret secret) implements ProxmoxCredentials {
        /** Validates the token id. */
        public ApiToken {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(secret, "secret");
            if (!tokenId.matches("[^@!\\s=]+@[^@!\\s=]+![A-Za-z][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("API token id must look like user@realm!tokenid, was '" + tokenId + "'");
            }
        }
    }

    /**
     * A user and password, exchanged for a ticket at {@code POST /access/ticket}.
     *
     * @param username {@code user@realm}
     * @param password the password
     */
    record UserPassword(String username, Secret password) implements ProxmoxCredentials {
        /** Validates the user name. */
        public UserPassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (!username.matches("[^@!\\s]+@[^@!\\s]+")) {
                throw new IllegalArgumentException("username must look like user@realm, was '" + username + "'");
            }
        }
    }
}
