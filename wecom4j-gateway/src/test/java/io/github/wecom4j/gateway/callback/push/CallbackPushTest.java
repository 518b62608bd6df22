package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks pushed to an internal consumer (a real HTTP server) from the durable queue: through an
 * outage, in order and once; a consumer that always fails ends in a dead letter with the reason,
 * which can be re-driven; bad subscription URLs are refused. The emulator pushes the callbacks to
 * the gateway over HTTP as WeCom would; retry times run on its virtual clock, so no test waits for
 * a backoff.
 */
class CallbackPushTest extends PushGatewayTest {

    static final String SECRET = PushFixture.SECRET;
    private static final JsonMapper JSON = PushFixture.JSON;

    @Autowired
    PushProperties props;

    @Test
    void aConsumerDownWhile500EventsArriveGetsThemAllInOrderOnceWhenItIsBack() throws Exception {
        try (TestConsumer consumer = new TestConsumer(SECRET)) {
            consumer.down();
            String id = subscribe("outage", consumer.url(), "[\"text\"]");
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 500; i++) {
                assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", run + "-" + i, 1).delivered())
                        .isTrue();
            }
            awaitTrue(() -> health(id).path("last_error").asString("").contains("connection failed"), "the outage is seen");
            assertThat(health(id).path("queued").asLong() + health(id).path("delivering").asLong()).isEqualTo(500);
            assertThat(health(id).path("dead_letter").asLong()).isZero();

            consumer.up();
            // the head waits for its next retry, at most max-backoff away on the virtual clock
            emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
            awaitTrue(() -> consumer.received().size() >= 500, "all 500 delivered");

            List<String> contents = new ArrayList<>();
            HashSet<Long> ids = new HashSet<>();
            for (TestConsumer.Push p : consumer.received()) {
                JsonNode n = JSON.readTree(p.body());
                assertThat(n.path("type").asString()).isEqualTo("text");
                assertThat(p.subscription()).isEqualTo("outage");
                assertThat(n.path("id").asLong()).isEqualTo(p.eventId());
                contents.add(n.path("fields").path("Content").asString());
                ids.add(p.eventId());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                expected.add(run + "-" + i);
            }
            assertThat(contents).as("in order, none twice").containsExactlyElementsOf(expected);
            assertThat(ids).hasSize(500);
            assertThat(consumer.badSignatures()).isZero();
            assertThat(health(id).path("delivered").asLong()).isEqualTo(500);
            assertThat(health(id).path("queued").asLong()).isZero();
        }
    }

    @Test
    void aConsumerAnswering500ForeverEndsInADeadLetterWithTheReasonAndCanBeRedriven() throws Exception {
        try (TestConsumer consumer = new TestConsumer(SECRET)) {
            consumer.status(500);
            String id = subscribe("failing", consumer.url(), "[\"enter_agent\"]");
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey()).delivered()).isTrue();
            int max = props.getMaxAttempts();
            for (int attempt = 1; attempt <= max; attempt++) {
                int n = attempt;
                awaitTrue(() -> consumer.requests() >= n, "attempt " + n);
                if (attempt < max) {
                    awaitTrue(() -> health(id).path("queued").asLong() == 1, "attempt " + n + " recorded");
                    emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
                }
            }
            awaitTrue(() -> health(id).path("dead_letter").asLong() == 1, "a dead letter");
            assertThat(consumer.requests()).as("bounded attempts").isEqualTo(max);
            JsonNode dead = JSON.readTree(call("GET", "/api/subscriptions/" + id + "/dead-letters", null).body()).get(0);
            assertThat(dead.path("reason").asString()).contains("gave up after " + max + " attempt(s)")
                    .contains("HTTP 500");
            assertThat(dead.path("last_status").asInt()).isEqualTo(500);
            assertThat(dead.path("type").asString()).isEqualTo("enter_agent");
            // health's last_error is about unfinished rows; a dead letter's reason is in the list above
            assertThat(health(id).path("last_error").asString("")).isEmpty();

            // the consumer is fixed: re-driving delivers the dead letter
            consumer.status(200);
            HttpResponse<String> redrive = call("POST", "/api/subscriptions/" + id + "/redrive", "");
            assertThat(redrive.body()).contains("\"requeued\":1");
            awaitTrue(() -> consumer.received().size() == 1, "re-driven delivery");
            assertThat(JSON.readTree(consumer.received().get(0).body()).path("event").asString()).isEqualTo("enter_agent");
            assertThat(health(id).path("dead_letter").asLong()).isZero();
        }
    }

    /**
     * A subscription whose URL the HTTP client refuses on every push (a port out of range, stored by
     * an earlier version that took it): each push counts as a failed attempt, and the row ends in a
     * dead letter instead of being re-claimed unanswered for ever in front of every later callback.
     */
    @Test
    void aPushThatCannotBeMadeEndsInADeadLetter(@Autowired org.springframework.jdbc.core.JdbcTemplate jdbc) throws Exception {
        try (TestConsumer consumer = new TestConsumer(SECRET)) {
            String id = subscribe("unreachable", consumer.url(), "[\"enter_agent\"]");
            jdbc.update("update callback_subscription set url = ? where id = ?", "http://consumer.example.com:99999/x", id);
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey())
                    .delivered()).isTrue();
            int max = props.getMaxAttempts();
            for (int attempt = 1; attempt < max; attempt++) {
                int n = attempt;
                // one read of the row: recorded as failed (queued, its retry time set) after attempt n;
                // separate reads could see "queued" before attempt n began and "n" while it ran, and
                // moving the clock then would be spent before the retry time was set
                awaitTrue(() -> failedAttempts(jdbc, id) == n, "attempt " + n + " recorded");
                emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
            }
            awaitTrue(() -> health(id).path("dead_letter").asLong() == 1, "a dead letter");
            JsonNode dead = JSON.readTree(call("GET", "/api/subscriptions/" + id + "/dead-letters", null).body()).get(0);
            assertThat(dead.path("reason").asString()).contains("gave up after " + max + " attempt(s)").contains("could not be made");
            assertThat(consumer.requests()).isZero();
        }
    }

    /** The attempts of the subscription's row once it is back in the queue after a push that could not be made, else -1. */
    private static int failedAttempts(org.springframework.jdbc.core.JdbcTemplate jdbc, String subscription) {
        return jdbc.query("select attempts from callback_delivery where subscription_id = ? and state = 'queued'"
                + " and last_error like '%could not be made%'", (rs, i) -> rs.getInt(1), subscription).stream().findFirst()
                .orElse(-1);
    }

    @Test
    void badSubscriptionUrlsAreRefusedWithTheErrorShape() throws Exception {
        for (String url : List.of("ftp://consumer.example.com/x", "javascript:alert(1)", "not a url", "http://",
                "http://user:pw@consumer.example.com/x", "http://localhost:" + port + "/api/callbacks",
                "http://127.0.0.1:" + port + "/", "https://consumer.example.com/x#frag",
                "https://consumer.example.com:99999/x", "https://consumer.example.com:0/x")) {
            HttpResponse<String> r = call("POST", "/api/subscriptions", body("bad", url, "[\"*\"]", SECRET));
            assertThat(r.statusCode()).as(url).isEqualTo(400);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.path("errcode").asInt()).as(url).isEqualTo(40035);
            assertThat(e.path("errmsg").asString()).as(url).isNotBlank();
            assertThat(e.path("hint").asString()).as(url).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain(SECRET);
        }
        assertThat(call("POST", "/api/subscriptions", body("bad", "http://" + "localhost:" + port + "/x", "[\"*\"]", SECRET))
                .body()).contains("points at the gateway itself");
        // other bad fields, same shape
        assertThat(call("POST", "/api/subscriptions", body("short", "http://127.0.0.1:9/x", "[\"*\"]", "short")).body())
                .contains("\"errcode\":40035").contains("secret must be");
        assertThat(call("POST", "/api/subscriptions", body("types", "http://127.0.0.1:9/x", "[\"a,b\"]", SECRET)).body())
                .contains("event_types has an invalid entry");
        // no API key: refused before anything else
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.base()
                        + "/api/subscriptions"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void theSecretIsReturnedOnceAndNeverListed() throws Exception {
        HttpResponse<String> r = call("POST", "/api/subscriptions", "{\"name\":\"generated\",\"url\":\"http://127.0.0.1:9/x\","
                + "\"event_types\":[\"text\"]}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        fixture.created(c.path("id").asString());
        String secret = c.path("secret").asString();
        assertThat(secret).hasSize(64);
        assertThat(call("GET", "/api/subscriptions", null).body()).contains("generated").doesNotContain(secret);
        assertThat(call("GET", "/api/subscriptions/" + c.path("id").asString(), null).body()).doesNotContain(secret);
        assertThat(call("POST", "/api/subscriptions", "{\"name\":\"generated\",\"url\":\"http://127.0.0.1:9/y\","
                + "\"event_types\":[\"text\"]}").statusCode()).as("names are unique").isEqualTo(400);
    }

    // --- helpers

    private String subscribe(String name, String url, String types) throws Exception {
        return fixture.subscribe(name, url, types);
    }

    private static String body(String name, String url, String types, String secret) {
        return PushFixture.body(name, url, types, secret);
    }

    private JsonNode health(String id) {
        return fixture.health(id);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return fixture.call(method, path, body);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        PushFixture.awaitTrue(condition, what);
    }
}
