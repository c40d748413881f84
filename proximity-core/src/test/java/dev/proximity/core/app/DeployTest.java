package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppStatus;
import dev.proximity.api.app.DeployRequest;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.app.LogLevel;
import dev.proximity.api.error.AlreadyExistsException;
import dev.proximity.api.error.DeploymentFailedException;
import dev.proximity.api.error.InvalidRequestException;
import dev.proximity.api.error.PortUnavailableException;
import dev.proximity.api.error.PortsExhaustedException;
import dev.proximity.api.error.VmidTakenException;
import dev.proximity.api.platform.NodeStatus;
import dev.proximity.api.port.LeaseState;
import dev.proximity.api.port.PortLease;
import dev.proximity.core.testing.FakeGuest;
import dev.proximity.core.testing.FakePlatform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployTest extends AppServiceTestBase {

    @Test
    void deployRecordsARunningAppWithItsContainerPortsUrlAndLog() {
        List<DeploymentLogEntry> heard = Collections.synchronizedList(new ArrayList<>());

        App app = apps.deploy(DeployRequest.of("nginx", "Web-1"), heard::add);

        assertThat(app.id()).isEqualTo("nginx-web-1");
        assertThat(app.status()).isEqualTo(AppStatus.RUNNING);
        assertThat(app.vmid()).isEqualTo(100);
        assertThat(app.node()).isEqualTo("pve");
        assertThat(app.publicPort()).isEqualTo(8100);
        assertThat(app.internalPort()).isEqualTo(9100);
        assertThat(app.url()).isEqualTo("http://10.0.0.100:9100");
        assertThat(app.ports()).containsExactly(Map.entry(80, 9100));
        assertThat(app.volumes()).containsExactly("/opt/proximity/nginx-web-1/volumes/nginx_data:/usr/share/nginx/html");
        assertThat(app.config()).containsEntry("cores", 1).containsEntry("memory", 256);
        assertThat(app.stateChangedAt()).isNotNull();
        assertThat(leases()).extracting(PortLease::port, PortLease::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(8100, LeaseState.BOUND), org.assertj.core.groups.Tuple.tuple(9100, LeaseState.BOUND));

        FakePlatform.FakeContainer container = platform.containersById().get(100);
        assertThat(container.running()).isTrue();
        assertThat(container.tags()).contains("proximity", "proximity-test-inst");
        assertThat(container.config().get("description")).contains("proximity-app: nginx-web-1");
        assertThat(container.config()).containsEntry("memory", "256").containsEntry("hostname", "web-1");
        assertThat(guest.stackUp(100)).isTrue();

        List<DeploymentLogEntry> log = apps.logs(app.id());
        assertThat(steps(log)).containsExactly("init", "node", "intent", "vmid", "lxc_create", "lxc_start", "docker_setup",
                "app_deploy", "health", "url", "complete");
        assertThat(log).allSatisfy(entry -> {
            assertThat(entry.level()).isEqualTo(LogLevel.INFO);
            assertThat(entry.deploymentId()).isEqualTo(log.get(0).deploymentId());
        });
        assertThat(log.stream().filter(e -> e.step().equals("lxc_create")).findFirst().orElseThrow().duration()).isNotNull();
        assertThat(heard).containsExactlyElementsOf(log);
    }

    @Test
    void theComposeFilePublishesTheInternalPortAndBindsVolumesUnderTheAppDirectory() {
        apps.deploy(DeployRequest.of("nginx", "web-2"));

        String writeScript = guest.scripts().stream().map(FakeGuest.Script::text).filter(s -> s.contains("docker-compose.yml"))
                .findFirst().orElseThrow();
        String compose = decoded(writeScript, "docker-compose.yml");
        assertThat(compose).contains("\"9100:80\"").contains("\"/opt/proximity/nginx-web-2/volumes/nginx_data:/usr/share/nginx/html\"")
                .doesNotContain("\"volumes\": {");
        assertThat(writeScript).contains("mkdir -p \"$root\"'/opt/proximity/nginx-web-2/volumes/nginx_data'");
        assertThat(guest.scripts()).anySatisfy(s -> assertThat(s.text()).contains("docker compose -p 'nginx-web-2' up -d"));
    }

    @Test
    void blankCatalogSecretsAreGeneratedAndRequestValuesWin() {
        App generated = apps.deploy(DeployRequest.of("wordpress", "blog-a"));
        App given = apps.deploy(new DeployRequest("wordpress", "blog-b", "alice", null, null, null, Map.of("memory", 2048),
                Map.of("DB_PASSWORD", "it's $ecret", "EXTRA", "x")));

        assertThat(generated.environment().get("DB_PASSWORD")).hasSize(24);
        assertThat(given.environment()).containsEntry("DB_PASSWORD", "it's $ecret").containsEntry("EXTRA", "x");
        assertThat(given.ownerId()).isEqualTo("alice");
        assertThat(given.config()).containsEntry("memory", 2048).containsEntry("cores", 2);
        String env = decoded(guest.scripts().stream().map(FakeGuest.Script::text)
                .filter(s -> s.contains("/.env") && s.contains("blog-b")).findFirst().orElseThrow(), ".env");
        assertThat(env).contains("DB_PASSWORD=\"it's \\$ecret\"").contains("EXTRA='x'");
    }

    @Test
    void badRequestsAreTypedErrorsNamingTheFieldAndCreateNothing() {
        assertThatThrownBy(() -> apps.deploy(DeployRequest.of("nope", "web-3")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("catalogId"));
        assertThatThrownBy(() -> apps.deploy(DeployRequest.of("nginx", "-bad-")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("hostname"));
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("wordpress", "small", null, null, null, null,
                Map.of("memory", 512, "cores", 1), Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors())
                        .extracting(f -> f.field()).containsExactlyInAnyOrder("config.cores", "config.memory"));
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("nginx", "envbad", null, null, null, null, Map.of(),
                Map.of("1BAD", "x"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("environment"));
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("nginx", "where", null, "pve9", null, null, Map.of(), Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("node").contains("pve9"));
        platform.node("pve2", 8);
        platform.setNodeStatus("pve2", NodeStatus.OFFLINE);
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("nginx", "offline", null, "pve2", null, null, Map.of(), Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("pve2").contains("is offline, not online"));
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("nginx", "outside", null, null, 7000, null, Map.of(), Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("publicPort"));

        assertThat(records()).isEmpty();
        assertThat(leases()).isEmpty();
        assertThat(platform.containersById()).isEmpty();
        assertThat(platform.calls("createContainer")).isZero();
    }

    @Test
    void aTakenHostnameOrPortIsRefusedAndTheExistingAppIsUntouched() {
        App first = apps.deploy(DeployRequest.of("nginx", "taken"));

        assertThatThrownBy(() -> apps.deploy(DeployRequest.of("nginx", "taken")))
                .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> apps.deploy(DeployRequest.of("wordpress", "taken")))
                .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("hostname"));
        assertThatThrownBy(() -> apps.deploy(new DeployRequest("nginx", "porty", null, null, first.publicPort(), null, Map.of(), Map.of())))
                .isInstanceOfSatisfying(PortUnavailableException.class, e -> assertThat(e.heldBy()).isEqualTo(first.id()));

        assertThat(records()).containsExactly(apps.get(first.id()));
        assertThat(apps.get(first.id()).version()).isEqualTo(first.version());
        assertThat(platform.containersById()).containsOnlyKeys(100);
        assertThat(leases()).hasSize(2);
        assertThat(apps.logs(first.id())).hasSize(11);
    }

    @Test
    void exhaustedPortsAreATypedErrorAndCreateNothing() {
        try (var narrow = dev.proximity.core.Proximity.builder().store(store).platform(platform).guestExec(guest)
                .catalog(dev.proximity.core.testing.TestCatalog.standard()).publicPorts("8100-8100").build()) {
            narrow.apps().deploy(DeployRequest.of("nginx", "only-one"));
            assertThatThrownBy(() -> narrow.apps().deploy(DeployRequest.of("nginx", "one-too-many")))
                    .isInstanceOf(PortsExhaustedException.class).hasMessageContaining("8100-8100");
        }
        assertThat(records()).extracting(App::id).containsExactly("nginx-only-one");
        assertThat(platform.containersById()).hasSize(1);
    }

    @Test
    void aVmidTakenBetweenRecordAndCreateIsReplacedByAnother() {
        platform.fail("createContainer", 2, () -> new VmidTakenException("POST /nodes/pve/lxc", 100, "CT 100 already exists", null));

        App app = apps.deploy(DeployRequest.of("nginx", "unlucky"));

        assertThat(app.vmid()).isEqualTo(102);
        assertThat(platform.calls()).filteredOn(c -> c.startsWith("createContainer")).containsExactly(
                "createContainer pve 100", "createContainer pve 101", "createContainer pve 102");
        assertThat(apps.logs(app.id())).filteredOn(e -> e.level() == LogLevel.WARNING).hasSize(2);
    }

    @Test
    void theSameHostnameDeployedTwiceAtOnceHasExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return apps.deploy(DeployRequest.of("nginx", "twin")).status().wireName();
                    } catch (AlreadyExistsException e) {
                        return "already exists";
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            assertThat(results).containsExactlyInAnyOrder("running", "already exists");
        } finally {
            pool.shutdownNow();
        }
        assertThat(platform.containersById()).hasSize(1);
        assertThat(leases()).hasSize(2);
        assertThat(apps.history("nginx-twin")).hasSize(1);
    }

    @Test
    void twentyConcurrentDeploysGetDistinctVmidsAndPorts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<App>> deployed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String hostname = "many-" + i;
                deployed.add(pool.submit(() -> apps.deploy(DeployRequest.of("nginx", hostname))));
            }
            List<App> running = new ArrayList<>();
            for (Future<App> app : deployed) {
                running.add(app.get(60, TimeUnit.SECONDS));
            }
            assertThat(running).extracting(App::status).containsOnly(AppStatus.RUNNING);
            assertThat(running).extracting(App::vmid).doesNotHaveDuplicates().hasSize(20);
            assertThat(running).extracting(App::publicPort).doesNotHaveDuplicates();
            assertThat(running).extracting(App::internalPort).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(platform.containersById()).hasSize(20);
    }

    private static String decoded(String script, String file) {
        Matcher matcher = Pattern.compile("printf '%s' '([A-Za-z0-9+/=]+)' \\| base64 -d > \"\\$d/" + Pattern.quote(file) + "\\.tmp\"")
                .matcher(script);
        assertThat(matcher.find()).as("script writes " + file).isTrue();
        return new String(Base64.getDecoder().decode(matcher.group(1)), java.nio.charset.StandardCharsets.UTF_8);
    }
}
