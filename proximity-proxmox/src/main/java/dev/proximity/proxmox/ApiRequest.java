package dev.proximity.proxmox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API call: method, path segments below {@code /api2/json} (kept apart so a UPID is encoded
 * as one segment) and parameters (query for GET/DELETE, form body otherwise).
 *
 * @param method HTTP method
 * @param segments path segments
 * @param params parameters, in order
 */
record ApiRequest(String method, List<String> segments, Map<String, String> params) {

    ApiRequest {
        segments = List.copyOf(segments);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    static ApiRequest get(Map<String, String> query, String... segments) {
        return new ApiRequest("GET", List.of(segments), query);
    }

    static ApiRequest get(String... segments) {
        return get(Map.of(), segments);
    }

    static ApiRequest post(Map<String, String> form, String... segments) {
        return new ApiRequest("POST", List.of(segments), form);
    }

    static ApiRequest put(Map<String, String> form, String... segments) {
        return new ApiRequest("PUT", List.of(segments), form);
    }

    static ApiRequest delete(Map<String, String> query, String... segments) {
        return new ApiRequest("DELETE", List.of(segments), query);
    }

    String path() {
        return "/" + String.join("/", segments);
    }

    /** @return {@code METHOD /path}, never the parameters (they may hold secrets) */
    String call() {
        return method + " " + path();
    }

    boolean idempotentRead() {
        return method.equals("GET");
    }

    boolean sendsBody() {
        return method.equals("POST") || method.equals("PUT");
    }
}
