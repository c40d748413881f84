package dev.proximity.proxmox.simulator.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one simulated Proxmox node as its SSH server sees it: its name, the containers it
 * can find, its directories, and a record of what it was asked to run.
 */
final class NodeState {

    private final String name;
    private final GuestContainers containers;
    private final LocalShell shell;
    private final Path containersRoot;
    private final LoginShellWords loginShell;
    private final List<String> commandLines = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> lastScripts = new ConcurrentHashMap<>();
    private final List<ActiveFault> faults = new java.util.ArrayList<>();

    private record ActiveFault(ExecFault fault, int[] remaining) {
    }

    /**
     * @param name the node name
     * @param containers where containers are looked up
     * @param shell runs local shells
     * @param workDirectory an existing directory the node may use as it likes
     * @throws IOException when its directories cannot be created
     */
    NodeState(String name, GuestContainers containers, LocalShell shell, Path workDirectory) throws IOException {
        this.name = name;
        this.containers = containers;
        this.shell = shell;
        Path home = Files.createDirectories(workDirectory.resolve("node-home"));
        Files.writeString(home.resolve(LoginShellWords.GLOB_BAIT_FILE), "");
        this.containersRoot = Files.createDirectories(workDirectory.resolve("containers"));
        this.loginShell = new LoginShellWords(shell, home);
    }

    String name() {
        return name;
    }

    LocalShell shell() {
        return shell;
    }

    LoginShellWords loginShell() {
        return loginShell;
    }

    /**
     * @param vmid the container id
     * @return the container when this node holds it; one on another node is invisible here, as in Proxmox
     */
    Optional<GuestContainer> container(int vmid) {
        return containers.find(vmid).filter(container -> container.node().equals(name));
    }

    /**
     * @param container the container
     * @return its root directory: the disk the REST simulator keeps for it, or this node's scratch directory
     */
    Path containerDirectory(GuestContainer container) {
        return container.disk() != null ? container.disk() : containerDirectory(container.vmid());
    }

    /** @param fault a fault for the next matching scripts */
    void inject(ExecFault fault) {
        synchronized (faults) {
            faults.add(new ActiveFault(fault, new int[] {fault.times()}));
        }
    }

    /**
     * @param script a script about to run
     * @return the action of the first fault it matches (used up by one), if any
     */
    Optional<ExecFault.Action> takeFault(String script) {
        synchronized (faults) {
            for (java.util.Iterator<ActiveFault> it = faults.iterator(); it.hasNext(); ) {
                ActiveFault active = it.next();
                if (script.contains(active.fault().fragment())) {
                    if (--active.remaining()[0] <= 0) {
                        it.remove();
                    }
                    return Optional.of(active.fault().action());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param vmid the container id
     * @return the container's scratch directory (its "root home"), created on first use
     */
    Path containerDirectory(int vmid) {
        try {
            return Files.createDirectories(containersRoot.resolve(Integer.toString(vmid)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch directory of container " + vmid, e);
        }
    }

    void recordCommandLine(String commandLine) {
        commandLines.add(commandLine);
    }

    void recordScript(int vmid, String script) {
        lastScripts.put(vmid, script);
    }

    List<String> commandLines() {
        return List.copyOf(commandLines);
    }

    Optional<String> lastScript(int vmid) {
        return Optional.ofNullable(lastScripts.get(vmid));
    }
}
