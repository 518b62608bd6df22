package io.github.wecom4j.gateway.message;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** HTTP helpers for tests that call the gateway (and the emulator) from outside. */
final class GatewayHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private GatewayHttp() {
    }

    record Response(int status, JsonNode json) {
    }

    static Response post(String url, String apiKey, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return send(b.build());
    }

    /** As {@link #post}, with one more request header. */
    static Response postWithHeader(String url, String apiKey, String body, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header(header, value).POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return send(b.build());
    }

    static Response get(String url, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return send(b.build());
    }

    /** A GET answered 200 with a body that is not JSON (a Prometheus scrape, say). */
    static String getText(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    /** Waits for a condition (the outbox works asynchronously); fails with {@code what} after {@code max}. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        await(what, max, condition, () -> "");
    }

    /** As above, with {@code state} describing what was seen when it fails. */
    static void await(String what, Duration max, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + " " + state.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
