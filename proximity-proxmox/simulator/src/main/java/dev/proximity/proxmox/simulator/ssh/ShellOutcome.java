package dev.proximity.proxmox.simulator.ssh;

import java.nio.charset.StandardCharsets;

/**
 * What a finished local shell produced.
 *
 * @param exitCode its exit code
 * @param stdout the raw bytes it wrote to standard output
 * @param stderr the raw bytes it wrote to standard error
 */
record ShellOutcome(int exitCode, byte[] stdout, byte[] stderr) {

    /** @return standard error decoded as UTF-8 */
    String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
