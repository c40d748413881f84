package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.platform.Secret;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to log in to the nodes: a password, or an OpenSSH/PEM private key file (optionally
 * passphrase-protected). Secrets are held as {@link Secret} and never appear in {@code toString}.
 */
public sealed interface SshCredentials permits SshCredentials.Password, SshCredentials.PrivateKeyFile {

    /** @return the user to log in as, usually {@code root} on Proxmox nodes */
    String user();

    /** @return how the login is made, for messages: never the secret itself */
    String method();

    /**
     * @param user the user
     * @param password the password
     * @return password credentials
     */
    static SshCredentials password(String user, Secret password) {
        return new Password(user, password);
    }

    /**
     * @param user the user
     * @param keyFile an unencrypted private key file
     * @return key credentials
     */
    static SshCredentials privateKey(String user, Path keyFile) {
        return new PrivateKeyFile(user, keyFile, null);
    }

    /**
     * @param user the user
     * @param keyFile a private key file
     * @param passphrase the key's passphrase
     * @return key credentials
     */
    static SshCredentials privateKey(String user, Path keyFile, Secret passphrase) {
        return new PrivateKeyFile(user, keyFile, passphrase);
    }

    /**
     * Password login.
     *
     * @param user the user
     * @param password the password
     */
    record Password(String user, Secret password) implements SshCredentials {
        /** Requires both. */
        public Password {
            requireUser(user);
            if (password == null) {
                throw InvalidRequestException.of("password", null, "is required");
            }
        }

        @Override
        public String method() {
            return "password";
        }

        @Override
        public String toString() {
            return "Password[user=" + user + ", password=******]";
        }
    }

    /**
     * Public key login with a private key read from a file when a connection is made.
     *
     * @param user the user
     * @param keyFile the private key file (OpenSSH or PEM format; RSA, ECDSA)
     * @param passphrase the key's passphrase, or null for an unencrypted key
     */
    record PrivateKeyFile(String user, Path keyFile, Secret passphrase) implements SshCredentials {
        /** Requires a user and a file. */
        public PrivateKeyFile {
            requireUser(user);
            if (keyFile == null) {
                throw InvalidRequestException.of("keyFile", null, "is required");
            }
        }

        /** @return the passphrase, if the key has one */
        public Optional<Secret> optionalPassphrase() {
            return Optional.ofNullable(passphrase);
        }

        @Override
        public String method() {
            return "private key " + keyFile;
        }

        @Override
        public String toString() {
            return "PrivateKeyFile[user=" + user + ", keyFile=" + keyFile
                    + (passphrase == null ? "" : ", passphrase=******") + "]";
        }
    }

    private static void requireUser(String user) {
        if (user == null || user.isBlank()) {
            throw InvalidRequestException.of("user", user, "must not be blank");
        }
    }
}
