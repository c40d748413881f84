package dev.proximity.samples.apps;

import dev.proximity.api.app.AppService;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.GuestCommandException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformTaskException;
import dev.proximity.api.error.PlatformTimeoutException;
import dev.proximity.core.Proximity;
import dev.proximity.proxmox.simulator.Fault;
import dev.proximity.proxmox.simulator.ssh.ExecFault;
import dev.proximity.samples.support.Invariants;
import dev.proximity.samples.support.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every deploy step × every way the platform fails it (an error answer, a timeout, a failed task,
 * a dropped connection, a non-zero exit), against the simulator over HTTPS and SSH. After the failed
 * deploy and a reconcile pass: no container without a record, no port leased without an app, every
 * status true to the simulator; and the exception names the step and holds the log.
 */
class DeployFaultMatrixTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SLOWER_THAN_A_CALL = Duration.ofMillis(1600);
    /** Steps in the guest start shells; those not faulted must finish inside this even on a loaded 2-core machine. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path directory;
    private SimulatedCluster cluster;
    private Proximity proximity;
    private AppService apps;

    /** One way of failing one step. */
    private record Case(String step, String how, Consumer<SimulatedCluster> inject, Class<? extends PlatformException> cause) {
        @Override
        public String toString() {
            return step + " × " + how;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        rest(cases, "node", "GET", "/nodes", false);
        rest(cases, "vmid", "GET", "/cluster/nextid", false);
        rest(cases, "lxc_create", "POST", "/nodes/pve/lxc", true);
        rest(cases, "lxc_start", "POST", "/nodes/pve/lxc/\\d+/status/start", true);
        exec(cases, "docker_setup", "docker compose version");
        exec(cases, "app_deploy", " up -d");
        exec(cases, "health", "nc -z");
        rest(cases, "url", "GET", "/nodes/pve/lxc/\\d+/interfaces", false);
        return cases.stream().map(Arguments::of);
    }

    private static void rest(List<Case> cases, String step, String method, String path, boolean task) {
        cases.add(new Case(step, "error answer", c -> c.pve().inject(Fault.on(method, path).times(50)
                .respond(500, "simulated failure of " + step)), PlatformRefusedException.class));
        cases.add(new Case(step, "timeout", c -> c.pve().inject(Fault.on(method, path).times(50).delay(SLOWER_THAN_A_CALL)),
                PlatformNoAnswerException.class));
        cases.add(new Case(step, "dropped connection", c -> c.pve().inject(Fault.on(method, path).times(50).dropConnection()),
                PlatformNoAnswerException.class));
        if (task) {
            cases.add(new Case(step, "failed task", c -> c.pve().inject(Fault.on(method, path).failTask("simulated task failure")),
                    PlatformTaskException.class));
            cases.add(new Case(step, "answer lost after the work", c -> c.pve().inject(Fault.on(method, path)
                    .dropConnectionAfterProcessing()), PlatformNoAnswerException.class));
        }
    }

    private static void exec(List<Case> cases, String step, String fragment) {
        cases.add(new Case(step, "non-zero exit", c -> c.ssh("pve").inject(ExecFault.whenScriptContains(fragment).times(1000)
                .exit(17, "simulated failure of " + step)), step.equals("health") ? PlatformTimeoutException.class
                : GuestCommandException.class));
        cases.add(new Case(step, "timeout", c -> c.ssh("pve").inject(ExecFault.whenScriptContains(fragment).times(1000).hang()),
                PlatformTimeoutException.class));
        cases.add(new Case(step, "dropped connection", c -> c.ssh("pve").inject(ExecFault.whenScriptContains(fragment).times(1000)
                .dropConnection()), PlatformException.class));
    }

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(directory, pve -> pve, CALL_TIMEOUT);
        proximity = cluster.proximity("jdbc:sqlite:" + directory.resolve("proximity.db"))
                .healthTimeout(STEP_TIMEOUT).commandTimeout(STEP_TIMEOUT)
                .dockerInstallTimeout(STEP_TIMEOUT).addressTimeout(STEP_TIMEOUT)
                .stuckAfter(Duration.ZERO).build();
        apps = proximity.apps();
    }

    @AfterEach
    void stop() {
        proximity.close();
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFailedStepLeavesNothingBehind(Case failure) throws Exception {
        failure.inject().accept(cluster);

        DeploymentFailedException thrown = null;
        try {
            apps.deploy(new DeployRequest("nginx", "doomed", null, null, null, null, Map.of(), Map.of()));
            fail("the deploy should have failed at " + failure.step());
        } catch (DeploymentFailedException e) {
            thrown = e;
        }

        assertThat(thrown.failedStep()).isEqualTo(failure.step());
        assertThat(thrown.getCause()).isInstanceOf(failure.cause());
        assertThat(thrown.log()).isNotEmpty();
        assertThat(thrown.log()).anySatisfy(entry -> {
            assertThat(entry.level()).isEqualTo(LogLevel.ERROR);
            assertThat(entry.step()).isEqualTo(failure.step());
        });
        if (!failure.step().equals("node")) {
            assertThat(apps.logs("nginx-doomed")).extracting(DeploymentLogEntry::step).contains(failure.step(), "undo");
        }

        cluster.pve().clearFaults();
        if (failure.how().equals("timeout") && failure.cause() == PlatformNoAnswerException.class) {
            // a call the client gave up on is still handled by the server: let it land before reconciling
            Thread.sleep(SLOWER_THAN_A_CALL.toMillis() + 200);
        }
        apps.reconcile();
        Invariants.assertConsistent(proximity.store(), cluster.pve(), proximity.installationId());
        assertThat(cluster.containersOf(proximity.installationId())).isEmpty();
    }
}
