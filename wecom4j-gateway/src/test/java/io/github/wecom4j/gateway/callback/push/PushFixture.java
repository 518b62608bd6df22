package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.web.ApiKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the push tests share: the emulator's Approvals app pointed at the gateway, the gateway's
 * API with the demo key, subscriptions made for one test and deleted after it.
 */
public final class PushFixture {

    public static final String SECRET = "consumer-secret-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final WeComEmulator emulator;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> created = new ArrayList<>();

    public PushFixture(int port, WeComEmulator emulator, ApiKeys keys) {
        this.port = port;
        this.emulator = emulator;
        this.apiKey = keys.demoKey();
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID,
                "http://localhost:" + port + "/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID);
        emulator.callbacks().timings(Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    /** Deletes the subscriptions this fixture made (with their queued pushes). */
    public void deleteSubscriptions() throws Exception {
        for (String id : created) {
            call("DELETE", "/api/subscriptions/" + id, null);
        }
        created.clear();
    }

    /** A subscription made by API; its id. */
    public String subscribe(String name, String url, String types) throws Exception {
        HttpResponse<String> r = call("POST", "/api/subscriptions", body(name, url, types, SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = JSON.readTree(r.body()).path("id").asString();
        created.add(id);
        return id;
    }

    void created(String id) {
        created.add(id);
    }

    /**
     * An EventKey no other test uses. The gateway keeps one event per user, CreateTime (seconds) and
     * fields, WeCom's rule for telling its retries apart; two tests sharing a gateway that push the
     * same user's same event within one second would otherwise see the second taken for a retry.
     */
    public static String uniqueKey() {
        return "k-" + UUID.randomUUID();
    }

    static String body(String name, String url, String types, String secret) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"event_types\":" + types + ",\"secret\":\"" + secret + "\"}";
    }

    JsonNode health(String id) {
        try {
            return JSON.readTree(call("GET", "/api/subscriptions/" + id, null).body()).path("health");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway API call with the demo key, and {@code headers} (name, value, ...) if any. */
    public HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header(ApiKeys.HEADER, apiKey)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state of a message queued with POST /api/messages. */
    public String messageState(String messageId) {
        try {
            return JSON.readTree(call("GET", "/api/messages/" + messageId, null).body()).path("state").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return "http://localhost:" + port;
    }

    public WeComEmulator emulator() {
        return emulator;
    }

    HttpClient http() {
        return http;
    }

    /** Polls with a deadline (no fixed sleeps). */
    public static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        awaitTrue(condition, what, Duration.ofSeconds(60));
    }

    public static void awaitTrue(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
