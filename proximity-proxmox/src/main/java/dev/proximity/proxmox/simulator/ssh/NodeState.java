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
