package dev.proximity.proxmox;

import dev.proximity.api.error.PlatformRefusedException;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.platform.Secret;
import dev.proximity.proxmox.simulator.ApiFlavor;
import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import dev.proximity.proxmox.simulator.RecordedCall;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API tokens, tickets with CSRF, expiry, renewal and the secrecy of credentials. */
class AuthenticationConformanceTest {

    private ProxmoxSimulator pve;

    @BeforeEach
    void start() {
        pve = Pve.fastSimulator().start();
    }

    @AfterEach
    void stop() {
        pve.close();
    }

    @Test
    void apiTokenWorksAndTasksRunAsTheTokenUser() {
        try (ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build())) {
            assertThat(platform.nodes()).hasSize(1);
            int vmid = Pve.create(platform, "pve", Pve.spec("tok-user"));
            Upid upid = platform.client().start("pve", vmid);
            assertThat(upid.user()).isEqualTo("root@pam!ci");
            assertThat(upid.value()).endsWith(":root@pam!ci:");
        }
    }

    @Test
    void wrongTokenSecretIsRefusedWithoutEchoingIt() {
        ProxmoxConfig config = Pve.config(pve)
                .credentials(ProxmoxCredentials.apiToken(Pve.TOKEN_ID, Secret.of("wrong-secret-777"))).build();
        try (ProxmoxClient client = new ProxmoxClient(config)) {
            assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.reason()).isEqualTo("authentication failure");
                assertThat(e.call()).isEqualTo("GET /nodes");
                assertThat(e.getMessage()).doesNotContain("wrong-secret-777");
            });
            assertThat(client.toString()).doesNotContain("wrong-secret-777");
        }
    }

    @Test
    void ticketLoginSendsCookieAndCsrfOnWritesOnly() {
        try (ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(Pve.ticketConfig(pve).build())) {
            int vmid = Pve.create(platform, "pve", Pve.spec("ticket-ct"));
            platform.start("pve", vmid);

            assertThat(pve.container(vmid).orElseThrow().running()).isTrue();
            List<RecordedCall> logins = pve.calls("POST", "/access/ticket");
            assertThat(logins).hasSize(1);
            assertThat(logins.get(0).params()).containsEntry("username", "root@pam");
            assertThat(platform.client().start("pve", Pve.create(platform, "pve", Pve.spec("ticket-two"))).user())
                    .isEqualTo("root@pam");
            platform.updateConfig("pve", vmid, java.util.Map.of("description", "via ticket"));
            platform.delete("pve", vmid, true, false);
            assertThat(pve.container(vmid)).isEmpty();
            assertThat(pve.calls()).extracting(RecordedCall::status).doesNotContain(401);
        }
    }

    @Test
    void writesWithoutCsrfTokenAreRefused() throws IOException {
        try (RawHttp raw = new RawHttp(pve)) {
            String ticket = raw.login();
            Request write = raw.request("/nodes/pve/lxc/100/status/start")
                    .header("Cookie", "PVEAuthCookie=" + ticket)
                    .post(new FormBody.Builder().build()).build();
            try (Response response = raw.http.newCall(write).execute()) {
                assertThat(response.code()).isEqualTo(401);
                assertThat(response.message()).isEqualTo("Permission denied - invalid csrf token");
            }
            Request read = raw.request("/nodes").header("Cookie", "PVEAuthCookie=" + ticket).build();
            try (Response response = raw.http.newCall(read).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            try (Response response = raw.http.newCall(raw.request("/nodes").build()).execute()) {
                assertThat(response.code()).isEqualTo(401);
                assertThat(response.message()).isEqualTo("No ticket");
            }
        }
    }

    @Test
    void expiredTicketIsReplacedByOneTransparentLogin() throws InterruptedException {
        try (ProxmoxSimulator shortTickets = Pve.fastSimulator().ticketLifetime(Duration.ofMillis(1500)).start();
             ProxmoxClient client = new ProxmoxClient(Pve.ticketConfig(shortTickets).build())) {
            assertThat(client.nodes()).hasSize(1);
            Thread.sleep(1800);

            assertThat(client.nextId()).isEqualTo(100);

            assertThat(shortTickets.calls()).extracting(RecordedCall::call, RecordedCall::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("POST /access/ticket", 200),
                    org.assertj.core.groups.Tuple.tuple("GET /nodes", 200),
                    org.assertj.core.groups.Tuple.tuple("GET /cluster/nextid", 401),
                    org.assertj.core.groups.Tuple.tuple("POST /access/ticket", 200),
                    org.assertj.core.groups.Tuple.tuple("GET /cluster/nextid", 200));
            assertThat(shortTickets.calls().get(3).params()).containsEntry("password", "******");
        }
    }

    @Test
    void ticketIsRenewedWithTheOldTicketAsPasswordAfterTheRenewalAge() throws InterruptedException {
        ProxmoxConfig config = Pve.ticketConfig(pve).ticketRenewAfter(Duration.ofSeconds(1)).build();
        try (ProxmoxClient client = new ProxmoxClient(config)) {
            client.nodes();
            Thread.sleep(1200);
            client.nodes();
        }
        List<RecordedCall> logins = pve.calls("POST", "/access/ticket");
        assertThat(logins).hasSize(2).allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(logins.get(0).params()).containsEntry("password", "******");
        assertThat(logins.get(1).params()).containsEntry("password", "<ticket>");
        assertThat(pve.calls("GET", "/nodes")).allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
    }

    @Test
    void renewalOfAnAlreadyExpiredTicketFallsBackToThePassword() throws InterruptedException {
        try (ProxmoxSimulator shortTickets = Pve.fastSimulator().ticketLifetime(Duration.ofMillis(1500)).start();
             ProxmoxClient client = new ProxmoxClient(Pve.ticketConfig(shortTickets).ticketRenewAfter(Duration.ofSeconds(1)).build())) {
            client.nodes();
            Thread.sleep(1800);
            client.nodes();

            assertThat(shortTickets.calls("POST", "/access/ticket"))
                    .extracting(call -> call.params().get("password"), RecordedCall::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("******", 200),
                            org.assertj.core.groups.Tuple.tuple("<ticket>", 401),
                            org.assertj.core.groups.Tuple.tuple("******", 200));
            assertThat(shortTickets.calls("GET", "/nodes")).extracting(RecordedCall::status).containsExactly(200, 200);
        }
    }

    @Test
    void renewalAcceptsAValidTicketInPlaceOfThePassword() throws IOException {
        try (RawHttp raw = new RawHttp(pve)) {
            String ticket = raw.login();
            Request renew = raw.request("/access/ticket").post(new FormBody.Builder()
                    .add("username", Pve.USER).add("password", ticket).build()).build();
            try (Response response = raw.http.newCall(renew).execute()) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.body().string()).contains("\"ticket\":\"PVE:root@pam:").contains("CSRFPreventionToken");
            }
        }
    }

    @Test
    void wrongPasswordFailsWithoutShowingIt() {
        ProxmoxConfig config = Pve.config(pve)
                .credentials(ProxmoxCredentials.userPassword(Pve.USER, Secret.of("not-the-pw-42"))).build();
        try (ProxmoxClient client = new ProxmoxClient(config)) {
            assertThatThrownBy(client::nodes).isInstanceOfSatisfying(PlatformRefusedException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.reason()).isEqualTo("authentication failure");
                assertThat(e.call()).isEqualTo("POST /access/ticket");
                assertThat(e.getMessage()).doesNotContain("not-the-pw-42");
            });
        }
        assertThat(pve.calls("POST", "/access/ticket")).hasSize(1);
    }

    @Test
    void invalidTicketReasonDependsOnServerGeneration() throws IOException {
        try (ProxmoxSimulator legacy = Pve.fastSimulator().flavor(ApiFlavor.LEGACY).start();
             RawHttp oldServer = new RawHttp(legacy); RawHttp newServer = new RawHttp(pve)) {
            assertThat(oldServer.status("/nodes", "PVE:root@pam:66F1A2B3::forged")).isEqualTo("401 permission denied - invalid PVE ticket");
            assertThat(newServer.status("/nodes", "PVE:root@pam:66F1A2B3::forged")).isEqualTo("401 Authentication failed!");
        }
    }

    @Test
    void authFailuresAreDelayedByTheConfiguredTime() {
        try (ProxmoxSimulator slowFailures = Pve.fastSimulator().authFailureDelay(Duration.ofMillis(700)).start();
             ProxmoxClient client = new ProxmoxClient(Pve.config(slowFailures)
                     .credentials(ProxmoxCredentials.apiToken(Pve.TOKEN_ID, Secret.of("bad-secret-1"))).build())) {
            long started = System.nanoTime();
            assertThatThrownBy(client::nodes).isInstanceOf(PlatformException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void configAndCredentialsNeverPrintSecrets() {
        ProxmoxConfig token = Pve.config(pve).build();
        ProxmoxConfig ticket = Pve.ticketConfig(pve).build();
        assertThat(token.toString()).contains(Pve.TOKEN_ID).doesNotContain(Pve.TOKEN_SECRET);
        assertThat(ticket.toString()).contains(Pve.USER).doesNotContain(Pve.PASSWORD);
        assertThat(token.credentials().toString()).doesNotContain(Pve.TOKEN_SECRET);
        assertThat(ticket.credentials().toString()).doesNotContain(Pve.PASSWORD);
        try (ProxmoxContainerPlatform platform = ProxmoxContainerPlatform.connect(ticket)) {
            platform.nodes();
            assertThat(platform.toString()).doesNotContain(Pve.PASSWORD).doesNotContain("PVE:root@pam");
        }
    }

    /** Plain HTTPS requests, to check the server side of the protocol without the client's help. */
    private static final class RawHttp implements AutoCloseable {
        final OkHttpClient http;
        final ProxmoxSimulator pve;

        RawHttp(ProxmoxSimulator pve) {
            this.pve = pve;
            HandshakeCertificates trust = new HandshakeCertificates.Builder()
                    .addTrustedCertificate(Certificates.decodeCertificatePem(pve.caCertificatePem())).build();
            this.http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
        }

        Request.Builder request(String path) {
            return new Request.Builder().url(pve.url() + "/api2/json" + path);
        }

        String login() throws IOException {
            Request login = request("/access/ticket").post(new FormBody.Builder()
                    .add("username", Pve.USER).add("password", Pve.PASSWORD).build()).build();
            try (Response response = http.newCall(login).execute()) {
                String body = response.body().string();
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("data").path("ticket").asText();
            }
        }

        String status(String path, String ticket) throws IOException {
            try (Response response = http.newCall(request(path).header("Cookie", "PVEAuthCookie=" + ticket).build()).execute()) {
                return response.code() + " " + response.message();
            }
        }

        @Override
        public void close() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
