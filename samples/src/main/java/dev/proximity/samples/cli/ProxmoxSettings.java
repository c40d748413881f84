package dev.proximity.samples.cli;

import dev.proximity.api.platform.Secret;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.proxmox.ProxmoxConfig;
import dev.proximity.proxmox.ProxmoxContainerPlatform;
import dev.proximity.proxmox.ProxmoxCredentials;
import dev.proximity.proxmox.TlsTrust;
import dev.proximity.proxmox.ssh.HostKeyPolicy;
import dev.proximity.proxmox.ssh.NodeAddress;
import dev.proximity.proxmox.ssh.NodeAddressResolver;
import dev.proximity.proxmox.ssh.PctExecGuestExec;
import dev.proximity.proxmox.ssh.SshCredentials;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How the operator commands reach a Proxmox cluster: a properties file ({@code --proxmox FILE}) and
 * the environment, each key {@code proxmox.url} also read as {@code PROXMOX_URL} (the file wins).
 *
 * <pre>
 * proxmox.url                       https://pve1.lan:8006
 * proxmox.token.id                  root@pam!proximity
 * proxmox.token.secret              (secret)
 * proxmox.fingerprint               AB:CD:... (or proxmox.ca.file=/etc/pve/pve-root-ca.pem)
 * proximity.ssh.user                root
 * proximity.ssh.key                 /root/.ssh/id_ed25519 (or proximity.ssh.password)
 * proximity.ssh.known.hosts         /etc/pve/priv/known_hosts (or proximity.ssh.fingerprint)
 * proximity.ssh.address.NODE        host[:port], when a node is not reachable by its name
 * proximity.catalog                 a directory of catalog entries (default: the bundled ones)
 * </pre>
 *
 * Secrets are read into {@link Secret}s and never printed.
 */
final class ProxmoxSettings {

    private final Map<String, String> values;
    private final String origin;

    private ProxmoxSettings(Map<String, String> values, String origin) {
        this.values = values;
        this.origin = origin;
    }

    /**
     * @param file a properties file, or null for the environment only
     * @return the settings
     */
    static ProxmoxSettings load(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("PROXMOX_") || name.startsWith("PROXIMITY_")) {
                values.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw InvalidRequestException.of("--proxmox", file.toString(), "cannot be read: " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(key -> values.put(key.trim(), properties.getProperty(key).trim()));
        }
        return new ProxmoxSettings(values, file == null ? "the environment" : file + " or the environment");
    }

    /** @return the API URL and where the settings came from, without secrets */
    String describe() {
        return values.get("proxmox.url") + " (settings from " + origin + ")";
    }

    /** @return whether a Proxmox URL is configured */
    boolean configured() {
        return values.containsKey("proxmox.url");
    }

    ProxmoxContainerPlatform platform() {
        ProxmoxConfig.Builder config = ProxmoxConfig.builder(required("proxmox.url"))
                .credentials(ProxmoxCredentials.apiToken(required("proxmox.token.id"), Secret.of(required("proxmox.token.secret"))));
        Optional<String> fingerprint = optional("proxmox.fingerprint");
        Optional<String> caFile = optional("proxmox.ca.file");
        if (fingerprint.isPresent()) {
            config.tls(TlsTrust.pinnedFingerprint(fingerprint.get()));
        } else if (caFile.isPresent()) {
            config.tls(TlsTrust.caFile(Path.of(caFile.get())));
        }
        return ProxmoxContainerPlatform.connect(config.build());
    }

    PctExecGuestExec guestExec() {
        String user = optional("proximity.ssh.user").orElse("root");
        SshCredentials credentials = optional("proximity.ssh.key").map(key -> SshCredentials.privateKey(user, Path.of(key)))
                .orElseGet(() -> SshCredentials.password(user, Secret.of(required("proximity.ssh.password"))));
        HostKeyPolicy hostKeys = optional("proximity.ssh.fingerprint").map(HostKeyPolicy::pinnedFingerprint)
                .orElseGet(() -> optional("proximity.ssh.known.hosts").map(path -> HostKeyPolicy.knownHosts(Path.of(path)))
                        .orElseGet(HostKeyPolicy::userKnownHosts));
        Map<String, NodeAddress> addresses = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("proximity.ssh.address.")) {
                int colon = value.lastIndexOf(':');
                addresses.put(key.substring("proximity.ssh.address.".length()), colon < 0 ? NodeAddress.of(value)
                        : new NodeAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1))));
            }
        });
        PctExecGuestExec.Builder builder = PctExecGuestExec.builder(credentials).hostKeys(hostKeys);
        if (!addresses.isEmpty()) {
            builder.nodeAddresses(NodeAddressResolver.of(addresses));
        }
        return builder.build();
    }

    Optional<Path> catalogDirectory() {
        return optional("proximity.catalog").map(Path::of);
    }

    private Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
    }

    private String required(String key) {
        return optional(key).orElseThrow(() -> InvalidRequestException.of(key, null, "is not set in " + origin + " (as "
                + key + " in the file, or " + key.toUpperCase(Locale.ROOT).replace('.', '_') + " in the environment)"));
    }
}
