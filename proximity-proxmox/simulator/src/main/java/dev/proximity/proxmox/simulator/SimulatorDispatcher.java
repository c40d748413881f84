package dev.proximity.proxmox.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns HTTP requests into calls on the simulated cluster and its answers (or errors) into
 * Proxmox's wire shapes, applying injected faults on the way.
 */
final class SimulatorDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorDispatcher.class);
    private static final int MAX_RECORDED_CALLS = 10_000;

    private final SimulatorState state;
    private final AuthGate auth;
    private final Duration authFailureDelay;
    private final ApiFlavor flavor;
    private final Supplier<String> fingerprint;
    private final ObjectMapper json = new ObjectMapper();
    private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    /** The latest calls, bounded so a long-running simulator does not grow without end. */
    private final Deque<RecordedCall> calls = new ArrayDeque<>();

    SimulatorDispatcher(SimulatorState state, AuthGate auth, Duration authFailureDelay, ApiFlavor flavor,
                        Supplier<String> fingerprint) {
        this.state = state;
        this.auth = auth;
        this.authFailureDelay = authFailureDelay;
        this.flavor = flavor;
        this.fingerprint = fingerprint;
    }

    void inject(Fault fault) {
        faults.add(new ActiveFault(fault, new AtomicInteger(fault.times())));
    }

    void clearFaults() {
        faults.clear();
    }

    List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String method = request.getMethod();
        List<String> segments = apiSegments(request);
        String path = segments == null ? request.getUrl().encodedPath() : "/" + String.join("/", segments);
        Map<String, String> params;
        try {
            params = params(request);
        } catch (ApiError e) {
            return record(method, path, Map.of(), error(e));
        }
        if (segments == null) {
            return record(method, path, params, error(ApiError.notImplemented(method, path)));
        }
        List<Fault.Action> actions = takeFaults(method, path);
        for (Fault.Action action : actions) {
            if (action instanceof Fault.Delay delay) {
                Thread.sleep(delay.latency().toMillis());
            }
        }
        String taskOutcome = null;
        boolean dropAfter = false;
        for (Fault.Action action : actions) {
            if (action instanceof Fault.Drop drop && !drop.afterProcessing()) {
                return record(method, path, params, 0, dropped());
            } else if (action instanceof Fault.Respond respond) {
                return record(method, path, params, error(ApiError.status(respond.status(), respond.reason()), respond.fieldErrors()));
            } else if (action instanceof Fault.RespondJson raw) {
                return record(method, path, params, raw.status(), new MockResponse.Builder().code(raw.status())
                        .setHeader("Content-Type", "application/json;charset=UTF-8").body(raw.json()).build());
            } else if (action instanceof Fault.TaskOutcome outcome) {
                taskOutcome = outcome.exitStatus();
            } else if (action instanceof Fault.Drop) {
                dropAfter = true;
            }
        }
        MockResponse response;
        try {
            response = success(handle(method, segments, params, request, taskOutcome));
        } catch (ApiError e) {
            response = error(e);
        } catch (RuntimeException e) {
            LOG.warn("simulator handler failed on {} {}", method, path, e);
            response = error(ApiError.server("internal simulator error: " + e.getMessage()));
        }
        if (dropAfter) {
            return record(method, path, params, 0, dropped());
        }
        return record(method, path, params, response);
    }

    private Object handle(String method, List<String> s, Map<String, String> params, RecordedRequest request,
                          String taskOutcome) throws InterruptedException {
        if (s.equals(List.of("access", "ticket")) && method.equals("POST")) {
            return auth.login(params);
        }
        String user = auth.authenticate(method, request.getHeaders().get("Authorization"),
                request.getHeaders().get("Cookie"), request.getHeaders().get("CSRFPreventionToken"));
        String route = method + " " + shape(s);
        return switch (route) {
            case "GET version" -> Map.of("version", "8.3.0", "release", "8.3", "repoid", "c1689ccb1065a83b");
            case "GET nodes" -> state.nodesJson(fingerprint.get());
            case "GET cluster/nextid" -> state.nextId(params.get("vmid"));
            case "GET nodes/*/lxc" -> state.list(s.get(1));
            case "POST nodes/*/lxc" -> state.create(s.get(1), params, user, taskOutcome);
            case "DELETE nodes/*/lxc/*" -> state.delete(s.get(1), vmid(s), params, user, taskOutcome);
            case "GET nodes/*/lxc/*/status/current" -> state.statusCurrent(s.get(1), vmid(s));
            case "POST nodes/*/lxc/*/status/start" -> state.start(s.get(1), vmid(s), user, taskOutcome);
            case "POST nodes/*/lxc/*/status/stop" -> state.stop(s.get(1), vmid(s), user, taskOutcome);
            case "POST nodes/*/lxc/*/status/shutdown" -> state.shutdown(s.get(1), vmid(s), params, user, taskOutcome);
            case "POST nodes/*/lxc/*/status/reboot" -> state.reboot(s.get(1), vmid(s), user, taskOutcome);
            case "GET nodes/*/lxc/*/config" -> state.config(s.get(1), vmid(s));
            case "PUT nodes/*/lxc/*/config" -> {
                state.putConfig(s.get(1), vmid(s), params);
                yield null;
            }
            case "GET nodes/*/lxc/*/interfaces" -> state.interfaces(s.get(1), vmid(s));
            case "POST nodes/*/lxc/*/clone" -> state.cloneContainer(s.get(1), vmid(s), params, user, taskOutcome);
            case "POST nodes/*/lxc/*/migrate" -> state.migrate(s.get(1), vmid(s), params, user, taskOutcome);
            case "PUT nodes/*/lxc/*/resize" -> state.resize(s.get(1), vmid(s), params, user, taskOutcome);
            case "GET nodes/*/lxc/*/snapshot" -> state.snapshots(s.get(1), vmid(s), params);
            case "POST nodes/*/lxc/*/snapshot" -> state.createSnapshot(s.get(1), vmid(s), params, user, taskOutcome);
            case "POST nodes/*/lxc/*/snapshot/*/rollback" ->
                    state.rollbackSnapshot(s.get(1), vmid(s), s.get(5), params, user, taskOutcome);
            case "DELETE nodes/*/lxc/*/snapshot/*" -> state.deleteSnapshot(s.get(1), vmid(s), s.get(5), params, user, taskOutcome);
            case "POST nodes/*/vzdump" -> state.vzdump(s.get(1), params, user, taskOutcome);
            case "GET nodes/*/storage/*/content" -> state.storageContent(s.get(1), s.get(3), params);
            case "DELETE nodes/*/storage/*/content/*" -> deleteVolume(s, params, user, taskOutcome);
            case "GET cluster/resources" -> state.clusterResources(params);
            case "GET nodes/*/qemu" -> state.qemuList(s.get(1), params);
            case "GET nodes/*/storage" -> state.storageList(s.get(1), params);
            case "GET nodes/*/tasks" -> {
                Map.Entry<List<Map<String, Object>>, Integer> listed = state.nodeTasks(s.get(1), params);
                yield new Counted(listed.getKey(), listed.getValue());
            }
            case "GET nodes/*/tasks/*/status" -> state.taskStatus(s.get(1), s.get(3));
            case "GET nodes/*/tasks/*/log" -> {
                int start = params.containsKey("start") ? Integer.parseInt(params.get("start")) : 0;
                int limit = params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : 50;
                Map.Entry<List<Map<String, Object>>, Integer> log = state.taskLog(s.get(1), s.get(3), start, limit);
                yield new Counted(log.getKey(), log.getValue());
            }
            default -> throw ApiError.notImplemented(method, "/" + String.join("/", s));
        };
    }

    /**
     * With {@code delay}, PVE answers only once the deletion ended or the delay passed: {@code null}
     * when it succeeded, its error when it failed, else the task.
     */
    private String deleteVolume(List<String> s, Map<String, String> params, String user, String taskOutcome)
            throws InterruptedException {
        String upid = state.deleteVolume(s.get(1), s.get(3), s.get(5), params, user, taskOutcome);
        if (!params.containsKey("delay")) {
            return upid;
        }
        String exit = state.awaitTask(upid, Integer.parseInt(params.get("delay").trim()));
        if (exit == null) {
            return upid;
        }
        if (exit.equals("OK") || exit.startsWith("WARNINGS: ")) {
            return null;
        }
        throw ApiError.server(exit);
    }

    /** Replaces the variable segments (node, vmid, upid) so routes read as patterns. */
    private static String shape(List<String> s) {
        List<String> shaped = new ArrayList<>(s);
        if (shaped.size() > 1 && shaped.get(0).equals("nodes")) {
            shaped.set(1, "*");
        }
        if (shaped.size() > 3 && (shaped.get(2).equals("lxc") || shaped.get(2).equals("tasks") || shaped.get(2).equals("storage"))) {
            shaped.set(3, "*");
        }
        if (shaped.size() > 5 && shaped.get(2).equals("storage") && shaped.get(4).equals("content")) {
            shaped.set(5, "*");
        }
        if (shaped.size() > 5 && shaped.get(4).equals("snapshot")) {
            shaped.set(5, "*");
        }
        return String.join("/", shaped);
    }

    private static int vmid(List<String> s) {
        String text = s.get(3);
        if (!text.matches("\\d{1,9}")) {
            throw ApiError.parameter("vmid", "type check ('integer') failed - got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private List<Fault.Action> takeFaults(String method, String path) {
        List<Fault.Action> actions = new ArrayList<>();
        for (Iterator<ActiveFault> it = faults.iterator(); it.hasNext(); ) {
            ActiveFault active = it.next();
            if (active.fault.matches(method, path) && active.remaining.getAndDecrement() > 0) {
                actions.add(active.fault.action());
            }
        }
        faults.removeIf(active -> active.remaining.get() <= 0);
        return actions;
    }

    private static List<String> apiSegments(RecordedRequest request) {
        List<String> segments = request.getUrl().pathSegments();
        if (segments.size() < 2 || !segments.get(0).equals("api2") || !segments.get(1).equals("json")) {
            return null;
        }
        List<String> rest = new ArrayList<>(segments.subList(2, segments.size()));
        rest.removeIf(String::isEmpty);
        if (rest.size() > 6 && rest.get(0).equals("nodes") && rest.get(2).equals("storage") && rest.get(4).equals("content")) {
            // a volume id keeps its slashes whether or not the client encoded them, as PVE's router joins the rest
            String volume = String.join("/", rest.subList(5, rest.size()));
            rest = new ArrayList<>(rest.subList(0, 5));
            rest.add(volume);
        }
        return rest;
    }

    private Map<String, String> params(RecordedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : request.getUrl().queryParameterNames()) {
            params.put(name, request.getUrl().queryParameter(name));
        }
        if (request.getBody() == null || request.getBody().size() == 0) {
            return params;
        }
        String body = request.getBody().utf8();
        String contentType = request.getHeaders().get("Content-Type");
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                JsonNode tree = json.readTree(body);
                tree.properties().forEach(field -> params.put(field.getKey(), field.getValue().isBoolean()
                        ? (field.getValue().booleanValue() ? "1" : "0") : field.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw ApiError.status(400, "malformed JSON body");
            }
        } else {
            for (String pair : body.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.put(name, value);
                }
            }
        }
        return params;
    }

    private MockResponse success(Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (data instanceof Counted counted) {
            envelope.put("data", counted.items);
            envelope.put("total", counted.total);
        } else {
            envelope.put("data", data);
        }
        return jsonResponse(200, "OK", envelope);
    }

    private MockResponse error(ApiError e) {
        return error(e, e.fieldErrors());
    }

    private MockResponse error(ApiError e, Map<String, String> fieldErrors) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", null);
        if (!fieldErrors.isEmpty()) {
            envelope.put("errors", fieldErrors);
        }
        if (flavor == ApiFlavor.CURRENT) {
            envelope.put("message", e.getMessage() + "\n");
        }
        MockResponse response = jsonResponse(e.status(), e.getMessage(), envelope);
        if (e.status() == 401 && !authFailureDelay.isZero()) {
            // Real nodes slow down every failed authentication to blunt guessing.
            response = response.newBuilder().headersDelay(authFailureDelay.toMillis(), TimeUnit.MILLISECONDS).build();
        }
        return response;
    }

    private MockResponse jsonResponse(int status, String reason, Object body) {
        String phrase = reason.lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7E]", "?");
        try {
            return new MockResponse.Builder()
                    .status("HTTP/1.1 " + status + " " + phrase)
                    .setHeader("Content-Type", "application/json;charset=UTF-8")
                    .setHeader("Cache-Control", "max-age=0")
                    .setHeader("Server", "pve-api-daemon/3.0")
                    .body(json.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator answers are plain maps and lists", e);
        }
    }

    private static MockResponse dropped() {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }

    private MockResponse record(String method, String path, Map<String, String> params, MockResponse response) {
        return record(method, path, params, response.getCode(), response);
    }

    private MockResponse record(String method, String path, Map<String, String> params, int status, MockResponse response) {
        Map<String, String> shown = new LinkedHashMap<>(params);
        // Tests must see whether a login renewed a ticket, never what the secret was.
        shown.computeIfPresent("password", (key, value) -> value.startsWith("PVE:") ? "<ticket>" : "******");
        synchronized (calls) {
            if (calls.size() == MAX_RECORDED_CALLS) {
                calls.removeFirst();
            }
            calls.addLast(new RecordedCall(method, path, shown, status));
        }
        LOG.debug("{} {} -> {}", method, path, status);
        return response;
    }

    /** A list answer that also carries {@code total}. */
    private record Counted(List<?> items, int total) {
    }

    private record ActiveFault(Fault fault, AtomicInteger remaining) {
    }
}
