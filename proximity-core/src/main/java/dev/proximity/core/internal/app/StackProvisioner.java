package dev.proximity.core.internal.app;

import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.api.platform.ExecResult;
import dev.proximity.api.platform.GuestExec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Provisions and runs an app's compose stack inside its container, through {@link GuestExec}
 * (one {@code sh -c} script per call). Scripts are POSIX sh, as Alpine's busybox and Debian's dash
 * run them; every path is quoted, and file contents travel base64-encoded, so no value of the app
 * can break out of its place in a script.
 *
 * <p>Every path starts with {@code $PROXIMITY_GUEST_ROOT}, which is unset (empty) in a real
 * container; the Proxmox simulator sets it to the simulated container's root directory.
 */
final class StackProvisioner {

    private static final String ROOT = "root=\"${PROXIMITY_GUEST_ROOT:-}\"\n";
    private static final String INSTALL_DOCKER = ROOT
            + "if docker compose version >/dev/null 2>&1; then echo \"docker present\"; exit 0; fi\n"
            + "if command -v apk >/dev/null 2>&1; then\n"
            + "  apk add --no-cache docker docker-cli-compose && rc-update add docker default && service docker start"
            + " && echo \"docker installed with apk\"\n"
            + "elif command -v apt-get >/dev/null 2>&1; then\n"
            + "  DEBIAN_FRONTEND=noninteractive apt-get update -qq"
            + " && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose"
            + " && systemctl enable --now docker && echo \"docker installed with apt-get\"\n"
            + "else\n"
            + "  echo \"no supported package manager (apk, apt-get): use a Debian, Ubuntu or Alpine template\" >&2; exit 3\n"
            + "fi\n";
    /** Exit status of a probe that found no tool to probe with: polling again cannot help. */
    private static final int NO_PROBE_TOOL = 127;

    private final GuestExec guest;
    private final AppSettings settings;

    StackProvisioner(GuestExec guest, AppSettings settings) {
        this.guest = guest;
        this.settings = settings;
    }

    /**
     * @param node the node
     * @param vmid the container
     * @return what was done ({@code docker present}, {@code docker installed with apk}...)
     */
    String ensureDocker(String node, int vmid) {
        return run(node, vmid, "installing Docker", INSTALL_DOCKER, settings.dockerInstallTimeout()).stdout().strip()
                .lines().reduce((first, last) -> last).orElse("docker ready");
    }

    /**
     * Writes the compose file and {@code .env} (readable by root only), creates the volume
     * directories, and runs {@code docker compose up -d}: one script, one round trip to the node.
     *
     * @param node the node
     * @param vmid the container
     * @param appId the app
     * @param stack the stack
     * @param environment its variables
     */
    void writeAndStart(String node, int vmid, String appId, ComposeStack stack, Map<String, String> environment) {
        run(node, vmid, "writing the compose stack and starting it", writeScript(node, appId, stack, environment)
                + "cd \"$d\" && docker compose -p " + Shell.quote(projectName(appId)) + " up -d\n", settings.commandTimeout());
    }

    /**
     * Writes the compose file and {@code .env} (readable by root only) and creates the volume directories.
     *
     * @param node the node
     * @param vmid the container
     * @param appId the app
     * @param stack the stack
     * @param environment its variables
     */
    void writeStack(String node, int vmid, String appId, ComposeStack stack, Map<String, String> environment) {
        run(node, vmid, "writing the compose stack", writeScript(node, appId, stack, environment), settings.commandTimeout());
    }

    private String writeScript(String node, String appId, ComposeStack stack, Map<String, String> environment) {
        StringBuilder script = new StringBuilder(ROOT).append("set -e\n")
                .append("d=\"$root\"").append(Shell.quote(directory(node, appId))).append('\n')
                .append("mkdir -p \"$d\"\n");
        for (String volume : stack.volumeDirectories()) {
            script.append("mkdir -p \"$root\"").append(Shell.quote(volume)).append('\n');
        }
        return script.append(writeFile("docker-compose.yml", stack.document(), false))
                .append(writeFile(".env", Environment.envFile(environment), true)).toString();
    }

    private static String writeFile(String name, String content, boolean secret) {
        String encoded = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
        String write = "printf '%s' '" + encoded + "' | base64 -d > \"$d/" + name + ".tmp\" && mv \"$d/" + name + ".tmp\" \"$d/"
                + name + "\"\n";
        return secret ? "(umask 077 && " + write.strip() + ")\n" : write;
    }

    /**
     * In a clone: stops the copied stack (still named for the source app) and moves its directory,
     * volumes included, to the new app's, so the new app's stack finds the copied data.
     *
     * @param node the node
     * @param vmid the clone
     * @param fromAppId the app the stack was copied from
     * @param toAppId the new app
     */
    void relocate(String node, int vmid, String fromAppId, String toAppId) {
        String script = ROOT + "from=\"$root\"" + Shell.quote(directory(node, fromAppId)) + "\n"
                + "to=\"$root\"" + Shell.quote(directory(node, toAppId)) + "\n"
                + "if [ -d \"$from\" ]; then\n"
                + "  (cd \"$from\" && docker compose -p " + Shell.quote(projectName(fromAppId)) + " down) || true\n"
                + "  rm -rf \"$to\" && mv \"$from\" \"$to\"\n"
                + "fi\n";
        run(node, vmid, "moving the copied stack to the new app's directory", script, settings.commandTimeout());
    }

    /**
     * After a move to a node that keeps stacks under another base path: the stack is taken down
     * under its project name, its directory (volumes included) moved to the new base, its compose
     * file rewritten with the translated bind mounts, and, when it ran, brought up again as a
     * stack under the same project name. A directory already moved (a retry) is left where it is.
     *
     * @param node the node the container is on now
     * @param vmid the container
     * @param appId the app
     * @param fromBase the base directory the stack lived under
     * @param stack the stack with paths under the new base
     * @param environment its variables
     * @param start whether to bring it up
     */
    void rebase(String node, int vmid, String appId, String fromBase, ComposeStack stack, Map<String, String> environment,
                boolean start) {
        String project = Shell.quote(projectName(appId));
        String script = ROOT + "from=\"$root\"" + Shell.quote(fromBase + "/" + appId) + "\n"
                + "to=\"$root\"" + Shell.quote(directory(node, appId)) + "\n"
                + "if [ -d \"$from\" ]; then\n"
                + "  (cd \"$from\" && docker compose -p " + project + " down) || true\n"
                + "  mkdir -p \"$(dirname \"$to\")\" && rm -rf \"$to\" && mv \"$from\" \"$to\"\n"
                + "fi\n"
                + writeScript(node, appId, stack, environment).substring(ROOT.length())
                + (start ? "cd \"$d\" && docker compose -p " + project + " up -d\n" : "");
        run(node, vmid, "moving the stack to " + directory(node, appId), script, settings.commandTimeout());
    }

    /** {@code docker compose up -d} in the app's directory. */
    void up(String node, int vmid, String appId) {
        compose(node, vmid, appId, "up -d", "docker compose up");
    }

    /** {@code docker compose down}. */
    void down(String node, int vmid, String appId) {
        compose(node, vmid, appId, "down", "docker compose down");
    }

    /** {@code docker compose pull}. */
    void pull(String node, int vmid, String appId) {
        compose(node, vmid, appId, "pull", "docker compose pull");
    }

    private void compose(String node, int vmid, String appId, String command, String what) {
        String script = ROOT + "cd \"$root\"" + Shell.quote(directory(node, appId)) + " && docker compose -p "
                + Shell.quote(projectName(appId)) + " " + command;
        run(node, vmid, what, script, settings.commandTimeout());
    }

    /**
     * Probes the port until it answers, pausing between tries, for at most the health timeout.
     *
     * @param node the node
     * @param vmid the container
     * @param port the port inside the container
     * @param cancelled whether to give up early
     * @return how many probes it took
     * @throws PlatformTimeoutException when it never answered
     * @throws GuestCommandException when the container has no tool to probe with
     */
    int awaitAnswer(String node, int vmid, int port, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + settings.healthTimeout().toNanos();
        String script = "p=" + port + "\n"
                + "if command -v nc >/dev/null 2>&1; then exec nc -z -w 2 127.0.0.1 \"$p\"; fi\n"
                + "if command -v curl >/dev/null 2>&1; then exec curl -s -o /dev/null -m 2 \"http://127.0.0.1:$p/\"; fi\n"
                + "if command -v wget >/dev/null 2>&1; then wget -q -T 2 -O /dev/null \"http://127.0.0.1:$p/\"; rc=$?;"
                + " [ \"$rc\" -eq 8 ] && exit 0; exit \"$rc\"; fi\n"
                + "echo \"no nc, curl or wget in the container to probe port $p\" >&2; exit " + NO_PROBE_TOOL + "\n";
        for (int probes = 1; ; probes++) {
            ExecResult result = guest.run(node, vmid, script, probeTimeout());
            if (result.succeeded()) {
                return probes;
            }
            if (result.exitCode() == NO_PROBE_TOOL) {
                throw new GuestCommandException(node, vmid, "probing port " + port, result.exitCode(), result.stderr());
            }
            if (System.nanoTime() >= deadline || cancelled.getAsBoolean()) {
                throw new PlatformTimeoutException("waiting for port " + port + " to answer in CT " + vmid + " on node '"
                        + node + "' (" + probes + " probes)", settings.healthTimeout());
            }
            Pause.sleep(settings.pollInterval(), "waiting for port " + port + " in CT " + vmid);
        }
    }

    /** One probe gets at most ten seconds, and never more than the whole health wait. */
    private Duration probeTimeout() {
        Duration cap = Duration.ofSeconds(10);
        return settings.healthTimeout().compareTo(cap) < 0 ? settings.healthTimeout() : cap;
    }

    private ExecResult run(String node, int vmid, String what, String script, Duration timeout) {
        ExecResult result = guest.run(node, vmid, script, timeout);
        if (!result.succeeded()) {
            throw new GuestCommandException(node, vmid, what, result.exitCode(), result.stderr());
        }
        return result;
    }

    /**
     * @param node the node the container is on
     * @param appId the app
     * @return the app's directory in its container
     */
    String directory(String node, String appId) {
        return settings.appDirectoryOn(node) + "/" + appId;
    }

    /**
     * @param appId the app
     * @return its compose project name (lower case letters, digits, '-' and '_', as Compose requires)
     */
    static String projectName(String appId) {
        String name = appId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return Character.isLetterOrDigit(name.charAt(0)) ? name : "p" + name;
    }
}
