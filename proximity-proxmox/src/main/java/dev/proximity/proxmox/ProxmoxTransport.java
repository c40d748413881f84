package dev.proximity.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proximity.api.error.PlatformException;
import dev.proximity.api.error.PlatformNoAnswerException;
import dev.proximity.api.error.PlatformRefusedException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends {@link ApiRequest}s: credentials, the {@code {"data":..}} envelope, Proxmox's error shapes
 * and the retry rules. Only calls that cannot have taken effect, or that change nothing, are repeated.
 */
final class ProxmoxTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxTransport.class);
    /** Gateway and PVE proxy failures (595 connection establishment, 596 proxy timeout, 599 proxy error). */
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(502, 503, 504, 595, 596, 599);

    private final OkHttpClient http;
    private final HttpUrl apiBase;
    private final RetryPolicy retry;
    private final RequestAuthenticator authenticator;
    private final ObjectMapper json = new ObjectMapper();

    ProxmoxTransport(ProxmoxConfig config) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.callTimeout())
                .callTimeout(config.callTimeout())
                // OkHttp would otherwise silently re-send a POST after a broken connection.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .socketFactory(new NoDelaySocketFactory())
                .protocols(List.of(Protocol.HTTP_1_1));
        TlsSetup.apply(config.tls(), builder, config.baseUrl().getHost());
        this.http = builder.build();
        this.apiBase = apiBase(config.baseUrl().toString());
        this.retry = config.retry();
        if (config.credentials() instanceof ProxmoxCredentials.ApiToken token) {
            this.authenticator = new TokenAuthenticator(token);
        } else {
            ProxmoxCredentials.UserPassword user = (ProxmoxCredentials.UserPassword) config.credentials();
            this.authenticator = new TicketAuthenticator(user, config.ticketRenewAfter(),
                    form -> send(ApiRequest.post(form, "access", "ticket"), false).path("data"));
        }
    }

    /** Accepts {@code https://host:8006}, a reverse-proxy path prefix, or a URL that already ends in {@code /api2/json}. */
    static HttpUrl apiBase(String baseUrl) {
        String trimmed = baseUrl.replaceAll("/+$", "");
        if (trimmed.endsWith("/api2/json")) {
            trimmed = trimmed.substring(0, trimmed.length() - "/api2/json".length());
        }
        return HttpUrl.get(trimmed + "/").newBuilder().addPathSegments("api2/json").build();
    }

    /** @return the whole answer envelope ({@code data}, and {@code total} where the call counts) */
    JsonNode send(ApiRequest request) {
        return send(request, true);
    }

    private JsonNode send(ApiRequest request, boolean authenticate) {
        boolean reauthenticated = false;
        int attempt = 1;
        while (true) {
            Request.Builder http = httpRequest(request);
            Object credential = authenticate ? authenticator.authorize(http, request.method()) : null;
            long started = System.nanoTime();
            PlatformException failure;
            try (Response response = this.http.newCall(http.build()).execute()) {
                LOG.debug("{} -> {} in {} ms", request.call(), response.code(), (System.nanoTime() - started) / 1_000_000);
                if (response.isSuccessful()) {
                    return parse(request, response);
                }
                PlatformRefusedException refused = error(request, response);
                if (response.code() == 401 && authenticate && !reauthenticated
                        && authenticator.refreshAfterRejection(credential)) {
                    reauthenticated = true;
                    continue;
                }
                if (!retryable(request, refused)) {
                    throw refused;
                }
                failure = refused;
            } catch (IOException e) {
                failure = transportFailure(request, e);
                // A read changes nothing, so it may be repeated; a write that lost its answer may have
                // taken effect, and TLS failures do not heal by repetition.
                if (!request.idempotentRead() || e instanceof SSLException) {
                    throw failure;
                }
            }
            if (attempt >= retry.maxAttempts()) {
                throw failure;
            }
            Duration pause = retry.backoffBefore(attempt);
            LOG.debug("{} failed ({}); retry {} of {} in {} ms", request.call(), failure.reason(), attempt,
                    retry.maxAttempts() - 1, pause.toMillis());
            sleep(request, pause);
            attempt++;
        }
    }

    /**
     * Which failed calls may be sent again. Reads: any transient failure. Writes: only failures that
     * prove the call never ran: 595 (the proxy could not reach the node) and a config lock timeout
     * (the handler gave up before changing anything).
     */
    private static boolean retryable(ApiRequest request, PlatformRefusedException failure) {
        int status = failure.httpStatus();
        boolean lockTimeout = status == 500 && isLockTimeout(failure.reason());
        if (request.idempotentRead()) {
            return TRANSIENT_STATUSES.contains(status) || lockTimeout;
        }
        return status == 595 || lockTimeout;
    }

    static boolean isLockTimeout(String text) {
        return text != null && text.contains("got timeout") && text.contains("lock");
    }

    private Request.Builder httpRequest(ApiRequest request) {
        HttpUrl.Builder url = apiBase.newBuilder();
        request.segments().forEach(url::addPathSegment);
        RequestBody body = null;
        if (request.sendsBody()) {
            FormBody.Builder form = new FormBody.Builder();
            request.params().forEach(form::add);
            body = form.build();
        } else {
            request.params().forEach(url::addQueryParameter);
        }
        return new Request.Builder().url(url.build()).method(request.method(), body)
                .header("Accept", "application/json");
    }

    private JsonNode parse(ApiRequest request, Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        try {
            JsonNode root = json.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new PlatformException(request.call(), "HTTP " + response.code() + " answer is not Proxmox JSON: "
                    + e.getMessage(), e);
        }
    }

    private PlatformRefusedException error(ApiRequest request, Response response) {
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        String message = null;
        try {
            ResponseBody body = response.body();
            JsonNode root = json.readTree(body == null ? "" : body.string());
            if (root != null) {
                root.path("errors").properties().forEach(entry -> fieldErrors.put(entry.getKey(), entry.getValue().asText()));
                JsonNode messageNode = root.path("message");
                message = messageNode.isTextual() ? messageNode.asText().strip() : null;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} error body is not JSON", request.call(), e);
        }
        String reason = response.message().isBlank() && message != null ? message : response.message();
        return new PlatformRefusedException(request.call(), response.code(), reason, fieldErrors, message);
    }

    private static PlatformNoAnswerException transportFailure(ApiRequest request, IOException e) {
        String what = e instanceof SSLException ? "TLS failure: " : "";
        String reason = what + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        // A TLS refusal happens before the request is sent; anything else may have reached the handler.
        boolean mayHaveTakenEffect = !request.idempotentRead() && !(e instanceof SSLException);
        return new PlatformNoAnswerException(request.call(), reason, mayHaveTakenEffect, e);
    }

    private static void sleep(ApiRequest request, Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(request.call(), "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ProxmoxTransport[" + apiBase + ", " + authenticator + "]";
    }
}
