package dev.proximity.proxmox.simulator.ssh;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSH {@code exec} request on the simulated node: the login shell splits the command line,
 * {@code pct exec} checks its arguments and the container, and the script runs "inside" the
 * container (locally, in the container's scratch directory).
 *
 * <p>Runs on the server's executor, never on an SSH I/O thread. When the client closes the channel
 * (for example because its timeout expired) the script and everything it started are killed.
 */
final class PctExecCommand implements Command {

    private static final Logger log = LoggerFactory.getLogger(PctExecCommand.class);

    /** What a shell answers for an unknown program. */
    private static final int COMMAND_NOT_FOUND = 127;

    /** Hands the script to {@code sh -c} as bytes read from stdin (see {@link LocalShell}). */
    private static final String CONTAINER_SH = "script=$(cat; printf x); exec /bin/sh -c \"${script%x}\"";

    private final NodeState node;
    private final String commandLine;
    private final ExecutorService executor;
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile Process running;
    private final java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
    private volatile ChannelSession channel;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;

    /**
     * @param node the node this command runs on
     * @param commandLine the command line exactly as received
     * @param executor where the command runs
     */
    PctExecCommand(NodeState node, String commandLine, ExecutorService executor) {
        this.node = node;
        this.commandLine = commandLine;
        this.executor = executor;
    }

    @Override
    public void setInputStream(InputStream in) {
        // Nothing reads the channel's input: scripts see an empty stdin, as the client sends none.
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        // A client giving up sends a signal request and/or closes the channel; either ends the script.
        env.addSignalListener((signalled, signal) -> abort("signal " + signal));
        channel.addCloseFutureListener(future -> abort("channel closed"));
        executor.execute(this::serve);
    }

    @Override
    public void destroy(ChannelSession channel) {
        abort("channel destroyed");
    }

    private void abort(String why) {
        if (destroyed.compareAndSet(false, true)) {
            aborted.countDown();
            Process process = running;
            if (process != null) {
                log.debug("node {}: {}, killing the running script", node.name(), why);
                LocalShell.kill(process);
            }
        }
    }

    private void serve() {
        int exitCode;
        try {
            node.recordCommandLine(commandLine);
            exitCode = dispatch();
        } catch (IOException | RuntimeException e) {
            log.warn("node {}: failed to serve an exec request", node.name(), e);
            writeQuietly(err, "simulated node " + node.name() + ": internal error: " + e + "\n");
            exitCode = PctArguments.PCT_FAILURE;
        }
        finish(exitCode);
    }

    private int dispatch() throws IOException {
        LoginShellWords.Split split = node.loginShell().split(commandLine);
        err.write(split.stderr());
        if (split.exitCode() != 0) {
            return split.exitCode();
        }
        List<String> argv = split.words();
        if (argv.isEmpty()) {
            return 0;
        }
        if (!"pct".equals(argv.get(0))) {
            err.write(utf8("sh: 1: " + argv.get(0) + ": not found\n"));
            return COMMAND_NOT_FOUND;
        }
        PctArguments.Parsed parsed = PctArguments.parse(argv);
        if (parsed.refusal() != null) {
            return refuse(parsed.refusal());
        }
        PctArguments arguments = parsed.arguments();
        Optional<GuestContainer> container = node.container(arguments.vmid());
        if (container.isEmpty()) {
            return refuse(arguments.noSuchContainer(node.name()));
        }
        if (!container.get().running()) {
            return refuse(arguments.notRunning());
        }
        Optional<String> script = arguments.shScript();
        if (script.isEmpty()) {
            return refuse(arguments.unsupportedShape());
        }
        node.recordScript(arguments.vmid(), script.get());
        Optional<ExecFault.Action> fault = node.takeFault(script.get());
        if (fault.isPresent()) {
            return misbehave(fault.get());
        }
        return runInContainer(container.get(), script.get());
    }

    /** Applies an injected fault instead of running the script. */
    private int misbehave(ExecFault.Action action) throws IOException {
        if (action instanceof ExecFault.Exit exit) {
            err.write(utf8(exit.stderr().endsWith("\n") || exit.stderr().isEmpty() ? exit.stderr() : exit.stderr() + "\n"));
            return exit.exitCode();
        }
        if (action instanceof ExecFault.DropConnection) {
            channel.getSession().close(true);
        }
        try {
            // a hang, or a dropped session: nothing answers until the client gives up
            aborted.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return PctArguments.PCT_FAILURE;
    }

    private int runInContainer(GuestContainer container, String script) throws IOException {
        int vmid = container.vmid();
        var directory = node.containerDirectory(container);
        Process process = node.shell().start(CONTAINER_SH, directory, directory, utf8(script),
                GuestImage.environment(directory, container.ostype()));
        running = process;
        if (destroyed.get()) {
            LocalShell.kill(process);
        }
        CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> pump(process.getInputStream(), out), executor);
        CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> pump(process.getErrorStream(), err), executor);
        try {
            int exitCode = process.waitFor();
            CompletableFuture.allOf(stdout, stderr).join();
            return exitCode;
        } catch (InterruptedException e) {
            LocalShell.kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while container " + vmid + " ran a script", e);
        }
    }

    private int refuse(PctArguments.Refusal refusal) throws IOException {
        err.write(utf8(refusal.stderr()));
        return refusal.exitCode();
    }

    private void finish(int exitCode) {
        if (destroyed.get()) {
            return;
        }
        try {
            out.flush();
            err.flush();
        } catch (IOException e) {
            log.debug("node {}: could not flush output of a closed channel", node.name(), e);
        }
        exitCallback.onExit(exitCode);
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        boolean channelOpen = true;
        try (from) {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                if (channelOpen) {
                    channelOpen = forward(to, buffer, read);
                }
                // Once the channel is gone keep draining, so the script never blocks on a full pipe.
            }
        } catch (IOException ignored) {
            // The process was killed; its pipes closed.
        }
    }

    private static boolean forward(OutputStream to, byte[] buffer, int length) {
        try {
            to.write(buffer, 0, length);
            to.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeQuietly(OutputStream stream, String text) {
        try {
            stream.write(utf8(text));
        } catch (IOException ignored) {
            // The client is gone; the log line above already says what happened.
        }
    }

    private static byte[] utf8(String text) {
        return LocalShell.utf8(text);
    }
}
