package dev.proximity.proxmox.ssh;

import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.GuestExec;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * {@link GuestExec} for Proxmox VE: runs {@code pct exec <vmid> -- sh -c '<command>'} over SSH on
 * the node that holds the container.
 *
 * <ul>
 *   <li>The node's SSH address comes from a {@link NodeAddressResolver} (default: the node name on port 22).</li>
 *   <li>Host keys are verified by a {@link HostKeyPolicy} (default: {@code ~/.ssh/known_hosts});
 *       unknown or changed keys fail with {@link HostKeyVerificationException} before anything is sent.</li>
 *   <li>Login by password or private key ({@link SshCredentials}); a refused login fails with
 *       {@link SshAuthenticationException}. Secrets never appear in logs, messages or {@code toString}.</li>
 *   <li>The command is passed as one single-quoted word ({@link ShellQuoting}), so the node's login shell
 *       hands it verbatim to the container's {@code sh -c}.</li>
 *   <li>A non-zero exit is returned, not thrown. {@code pct}'s own refusals (no such container on the node,
 *       container stopped) raise {@link GuestContainerUnavailableException}. Exceeding the timeout closes the
 *       channel and raises {@link PlatformTimeoutException}.</li>
 *   <li>Output is kept up to {@link Builder#maxOutputBytes(long)} per stream (default 16 MiB).</li>
 *   <li>One SSH session per node is opened on first use and shared by later commands; {@link #close()} ends them.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class PctExecGuestExec implements GuestExec, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PctExecGuestExec.class);
    private static final Set<ClientChannelEvent> CLOSED = Set.of(ClientChannelEvent.CLOSED);

    /** How long a timed-out command's channel may take to close before it is dropped locally. */

    private final SshCredentials credentials;
    private final HostKeyPolicy hostKeys;
    private final NodeAddressResolver addresses;
    private final Duration connectTimeout;
    private final Duration authTimeout;
    private final long maxOutputBytes;
    private final NodeSessions sessions;

    private PctExecGuestExec(Builder builder) {
        this.credentials = builder.credentials;
        this.hostKeys = builder.hostKeys;
        this.addresses = builder.addresses;
        this.connectTimeout = builder.connectTimeout;
        this.authTimeout = builder.authTimeout;
        this.maxOutputBytes = builder.maxOutputBytes;
        this.sessions = new NodeSessions(hostKeys, credentials, connectTimeout, authTimeout);
    }

    /**
     * @param credentials how to log in to the nodes
     * @return a builder with secure defaults for everything else
     */
    public static Builder builder(SshCredentials credentials) {
        return new Builder(credentials);
    }

    @Override
    public ExecResult run(String node, int vmid, String command, Duration timeout) {
        if (node == null || node.isBlank()) {
            throw InvalidRequestException.of("node", node, "must not be blank");
        }
        requirePositive(timeout, "timeout");
        PctExecCommandLine commandLine = new PctExecCommandLine(vmid, command);
        NodeAddress address = addresses.resolve(node).orElseThrow(() -> new SshGuestExecException(
                "pct exec " + vmid + " on node '" + node + "'", "no SSH address is configured for node '" + node + "'", null));
        String call = "pct exec " + vmid + " on node '" + node + "' (ssh " + credentials.user() + "@" + address + ")";

        ClientSession session = sessions.session(address, call);
        ExecResult result;
        try {
            result = execute(session, commandLine, call, timeout);
        } catch (StaleSession stale) {
            // The cached session died (node rebooted, idle timeout) before the command was sent: safe to retry once.
            sessions.discard(address, session);
            log.debug("SSH session to {} was closed; reconnecting", address);
            result = execute(sessions.session(address, call), commandLine, call, timeout);
        }
        log.debug("{}: exit {}", call, result.exitCode());
        var refusal = PctRefusals.of(result, node, vmid, call);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return result;
    }

    private ExecResult execute(ClientSession session, PctExecCommandLine commandLine, String call, Duration timeout) {
        CappedOutput stdout = new CappedOutput(maxOutputBytes);
        CappedOutput stderr = new CappedOutput(maxOutputBytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        ChannelExec channel = null;
        boolean abandoned = false;
        try {
            channel = openChannel(session, commandLine, call, timeout, deadline, stdout, stderr);
            // Send EOF at once: a script that reads stdin sees it empty instead of waiting forever.
            channel.getInvertedIn().close();
            if (!happensBy(deadline, closing(channel))) {
                abandon(channel, call);
                abandoned = true;
                throw new PlatformTimeoutException(call, timeout);
            }
            return new ExecResult(exitStatus(channel, call), stdout.text(), stderr.text());
        } catch (IOException e) {
            restoreInterrupt(e);
            throw new SshGuestExecException(call, "the SSH channel failed: " + e.getMessage(), e);
        } finally {
            if (channel != null && !abandoned) {
                channel.close(true);
            }
        }
    }

    /** One bounded wait of MINA's: waits up to the given milliseconds and says whether the awaited thing happened. */
    @FunctionalInterface
    private interface MinaWait {
        boolean happenedWithin(long millis) throws IOException;
    }

    private static MinaWait closing(ChannelExec channel) {
        return millis -> !channel.waitFor(CLOSED, millis).contains(ClientChannelEvent.TIMEOUT);
    }

    /**
     * Waits until something happens or the deadline passes, and never gives up before the deadline. MINA's
     * waits count whole milliseconds of the wall clock, so they can end a fraction of a millisecond early,
     * and they read a wait of zero as "wait forever"; each call here asks for at least 1 ms, rounded up.
     *
     * @return whether it happened in time
     */
    private static boolean happensBy(long deadlineNanos, MinaWait wait) throws IOException {
        while (true) {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (wait.happenedWithin(Math.max(1, (leftNanos + 999_999) / 1_000_000))) {
                return true;
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
        }
    }

    /**
     * Asks the node to stop a command that overran its timeout: a TERM signal request (RFC 4254 section 6.9,
     * honoured by OpenSSH for sessions without a terminal), then a channel close sent to the node, so the
     * command is not left running, and its output no longer read, after the caller has given up.
     */
    private static void abandon(ChannelExec channel, String call) {
        try {
            Buffer signal = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            signal.putUInt(channel.getRecipient());
            signal.putString("signal");
            signal.putBoolean(false);
            signal.putString("TERM");
            channel.writePacket(signal);
        } catch (IOException | RuntimeException e) {
            log.debug("{}: could not send TERM to the timed-out command", call, e);
        }
        // A graceful close sends SSH_MSG_CHANNEL_CLOSE (an immediate one would only forget the channel
        // locally); it completes in the background, so the caller gets its timeout on time.
        channel.close(false);
    }

    private static ChannelExec openChannel(ClientSession session, PctExecCommandLine commandLine, String call,
                                           Duration timeout, long deadline, CappedOutput stdout,
                                           CappedOutput stderr) throws IOException {
        if (!session.isOpen()) {
            throw new StaleSession();
        }
        ChannelExec channel = null;
        OpenFuture open;
        try {
            channel = session.createExecChannel(commandLine.render());
            channel.setOut(stdout);
            channel.setErr(stderr);
            open = channel.open();
        } catch (IOException | IllegalStateException e) {
            if (channel != null) {
                channel.close(true);
            }
            // The node dropped the session between the check above and the channel request: nothing was sent.
            // MINA says so with an IOException or, when the channel cannot be registered, an IllegalStateException.
            if (!session.isOpen()) {
                throw new StaleSession();
            }
            throw e;
        }
        if (!happensBy(deadline, open::await)) {
            channel.close(true);
            throw new PlatformTimeoutException(call + ": opening the SSH channel", timeout);
        }
        if (!open.isOpened()) {
            channel.close(true);
            if (!session.isOpen()) {
                throw new StaleSession();
            }
            Throwable cause = open.getException();
            throw new SshGuestExecException(call, "the node refused to open an SSH channel: "
                    + (cause == null ? "no reason given" : cause.getMessage()), cause);
        }
        return channel;
    }

    private static int exitStatus(ChannelExec channel, String call) {
        Integer status = channel.getExitStatus();
        if (status != null) {
            return status;
        }
        String signal = channel.getExitSignal();
        throw new SshGuestExecException(call, signal != null
                ? "the command was killed by signal " + signal
                : "the node closed the channel without an exit status", null);
    }

    /** MINA reports an interrupted wait as {@link InterruptedIOException}; keep the thread's interrupt visible. */
    static void restoreInterrupt(IOException e) {
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requirePositive(Duration duration, String field) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw InvalidRequestException.of(field, duration, "must be positive");
        }
    }

    /** Closes every SSH session; {@link #run} fails with {@link IllegalStateException} afterwards. */
    @Override
    public void close() {
        sessions.close();
    }

    /** @return the configuration, without secrets */
    @Override
    public String toString() {
        return "PctExecGuestExec[credentials=" + credentials + ", hostKeys=" + hostKeys
                + ", connectTimeout=" + connectTimeout + ", authTimeout=" + authTimeout
                + ", maxOutputBytes=" + maxOutputBytes + "]";
    }

    /** The cached session was closed before the command was sent; thrown only between the two attempts. */
    private static final class StaleSession extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleSession() {
            super(null, null, false, false);
        }
    }

    /** Configures a {@link PctExecGuestExec}. */
    public static final class Builder {
        private final SshCredentials credentials;
        private HostKeyPolicy hostKeys = HostKeyPolicy.userKnownHosts();
        private NodeAddressResolver addresses = NodeAddressResolver.nodeNameAsHost();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration authTimeout = Duration.ofSeconds(15);
        private long maxOutputBytes = 16L * 1024 * 1024;

        private Builder(SshCredentials credentials) {
            if (credentials == null) {
                throw InvalidRequestException.of("credentials", null, "is required");
            }
            this.credentials = credentials;
        }

        /**
         * @param policy which host keys to trust; default {@link HostKeyPolicy#userKnownHosts()}
         * @return this
         */
        public Builder hostKeys(HostKeyPolicy policy) {
            if (policy == null) {
                throw InvalidRequestException.of("hostKeys", null, "is required");
            }
            this.hostKeys = policy;
            return this;
        }

        /**
         * @param resolver maps node names to SSH addresses; default {@link NodeAddressResolver#nodeNameAsHost()}
         * @return this
         */
        public Builder nodeAddresses(NodeAddressResolver resolver) {
            if (resolver == null) {
                throw InvalidRequestException.of("nodeAddresses", null, "is required");
            }
            this.addresses = resolver;
            return this;
        }

        /**
         * @param timeout the limit for establishing the TCP connection; default 10 s
         * @return this
         */
        public Builder connectTimeout(Duration timeout) {
            requirePositive(timeout, "connectTimeout");
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param timeout the limit for key exchange and login; default 15 s
         * @return this
         */
        public Builder authTimeout(Duration timeout) {
            requirePositive(timeout, "authTimeout");
            this.authTimeout = timeout;
            return this;
        }

        /**
         * @param bytes the most output kept per stream (stdout, stderr); the rest is dropped and the text
         *              ends with a note saying how much. Default 16 MiB.
         * @return this
         */
        public Builder maxOutputBytes(long bytes) {
            if (bytes < 1) {
                throw InvalidRequestException.of("maxOutputBytes", bytes, "must be positive");
            }
            this.maxOutputBytes = bytes;
            return this;
        }

        /** @return the guest exec; close it to end its SSH sessions */
        public PctExecGuestExec build() {
            return new PctExecGuestExec(this);
        }
    }
}
