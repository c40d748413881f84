package dev.proximity.proxmox.simulator.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a simulated container has installed. Its scripts run with {@code PATH} set to one directory,
 * {@code <disk>/.sim/bin}, holding links to the host's basic tools (a shell, coreutils, grep, sed)
 * and the simulator's stand-ins for what a real Debian, Ubuntu or Alpine container offers: the
 * package manager of its OS type ({@code apt-get} or {@code apk}; nothing else, so the host's own
 * package manager can never run), and, once installed through it, a simulated {@code docker} whose
 * compose projects "publish" their ports to simulated {@code nc}, {@code curl} and {@code wget}.
 *
 * <p>Scripts also get {@code PROXIMITY_GUEST_ROOT} set to the container's disk, which Proximity
 * prefixes to the absolute paths it writes; in a real container the variable is unset.
 */
final class GuestImage {

    /** The host tools a minimal container offers too. */
    private static final List<String> BASE_TOOLS = List.of("sh", "cat", "printf", "echo", "mkdir", "mv", "cp", "rm",
            "rmdir", "touch", "base64", "wc", "grep", "sed", "head", "tail", "basename", "dirname", "ls", "sleep", "tr", "cut",
            "env", "true", "false", "test", "[", "chmod", "id", "uname", "date", "sort", "uniq", "tee", "ln", "pwd",
            "readlink", "find", "xargs", "expr", "seq", "awk", "sha256sum", "md5sum", "gzip", "tar", "stat", "od", "dd",
            "kill", "timeout", "mktemp", "realpath", "nproc", "hostname");
    private static final List<String> HOST_DIRECTORIES = List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin");
    private static final List<String> STAND_INS = List.of("docker", "nc", "curl", "wget", "rc-update", "service", "systemctl");
    private static final Map<Path, Object> PREPARING = new ConcurrentHashMap<>();

    private GuestImage() {
    }

    /**
     * Prepares a container's disk once: its {@code .sim/bin}.
     *
     * @param disk the container's root directory
     * @param ostype its OS type, or null for debian
     * @return the environment its scripts run with
     */
    static Map<String, String> environment(Path disk, String ostype) {
        Path bin = disk.resolve(".sim/bin");
        synchronized (PREPARING.computeIfAbsent(disk, key -> new Object())) {
            if (!Files.isDirectory(bin)) {
                prepare(bin, ostype == null ? "debian" : ostype.toLowerCase(Locale.ROOT));
            }
        }
        return Map.of("PATH", bin.toString(), "PROXIMITY_GUEST_ROOT", disk.toString());
    }

    private static void prepare(Path bin, String ostype) {
        Path staging = bin.resolveSibling("bin.preparing");
        try {
            Files.createDirectories(staging);
            for (String tool : BASE_TOOLS) {
                Optional<Path> host = hostTool(tool);
                if (host.isPresent()) {
                    Files.createSymbolicLink(staging.resolve(tool), host.get());
                }
            }
            List<String> standIns = new ArrayList<>(STAND_INS);
            switch (ostype) {
                case "alpine" -> standIns.add("apk");
                case "debian", "ubuntu", "devuan" -> standIns.add("apt-get");
                default -> { }
            }
            for (String standIn : standIns) {
                Path target = staging.resolve(standIn);
                try (InputStream script = GuestImage.class.getResourceAsStream("guest/" + standIn)) {
                    if (script == null) {
                        throw new IllegalStateException("the simulator's stand-in for " + standIn + " is missing from its jar");
                    }
                    Files.copy(script, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(staging, bin, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the simulated container's tools in " + bin, e);
        }
    }

    private static Optional<Path> hostTool(String name) {
        return HOST_DIRECTORIES.stream().map(directory -> Path.of(directory, name)).filter(Files::isExecutable).findFirst();
    }
}
