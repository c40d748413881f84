package dev.proximity.proxmox.simulator.ssh;

import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.Secret;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A plain MINA SSH client that sends any command line as is, so tests can play a client that
 * quotes badly and see what the simulated node makes of it.
 */
final class RawSsh {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private RawSsh() {
    }

    /**
     * @param server the node
     * @param password root's password
     * @param commandLine sent verbatim as the SSH exec request
     * @return what came back
     */
    static ExecResult exec(SimulatedNodeSshServer server, Secret password, String commandLine) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, server.hostKey()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.start();
        try (ClientSession session = client.connect("root", server.host(), server.port()).verify(LIMIT).getSession()) {
            session.addPasswordIdentity(password.value());
            session.auth().verify(LIMIT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(commandLine)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(LIMIT);
                channel.getInvertedIn().close();
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), LIMIT);
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    throw new IllegalStateException("no answer to " + commandLine);
                }
                return new ExecResult(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        } finally {
            client.stop();
        }
    }
}
