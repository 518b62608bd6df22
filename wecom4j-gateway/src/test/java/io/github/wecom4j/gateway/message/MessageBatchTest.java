package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/messages/batch} over HTTP: many messages in one request, validated one by one
 * exactly as {@code POST /api/messages} does, stored all or nothing, each delivered once to the
 * emulator by the outbox senders; an Idempotency-Key covers the whole batch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=" + MessageBatchTest.KEY,
        "gateway.messages.initial-backoff=20ms",
        "gateway.messages.max-backoff=100ms"})
@ActiveProfiles("test")
class MessageBatchTest {

    static final String KEY = "batch-test-key";

    @LocalServerPort
    int port;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void noFaults() {
        emulator.faults().clear();
    }

    @Test
    void everyMessageOfABatchIsDeliveredOnceAndTheAnswersComeInRequestOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> members = List.of("zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            items.add(text(members.get(i), "payslip " + run + " #" + i));
        }
        // one for another app, markdown: each item is a whole message/send body
        items.add("{\"agentid\":" + DemoCorp.NOTICES_AGENT_ID + ",\"touser\":\"sunqi\",\"msgtype\":\"markdown\","
                + "\"markdown\":{\"content\":\"**payslip " + run + " #5**\"}}");

        HttpResponse<String> r = post(batch(items), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answers = json(r).path("messages");
        assertThat(answers.size()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            JsonNode a = answers.get(i);
            assertThat(a.path("state").asString()).isEqualTo("queued");
            assertThat(a.path("calls").asInt()).isEqualTo(1);
            assertThat(a.path("duplicate_check_interval").asLong()).isEqualTo(14400);
            // request order: the i-th answer is the i-th message
            assertThat(jdbc.queryForObject("select request from message_outbox where id = ?", String.class,
                    a.path("id").asString())).contains("payslip " + run + " #" + i);
        }
        for (int i = 0; i < 6; i++) {
            awaitState(answers.get(i).path("id").asString(), "sent");
        }
        for (int i = 0; i < members.size(); i++) {
            String content = "payslip " + run + " #" + i;
            assertThat(emulator.inboxes().of(members.get(i))).as(content)
                    .filteredOn(m -> m.summary().equals(content)).hasSize(1);
        }
        assertThat(emulator.inboxes().of("sunqi")).filteredOn(m -> m.summary().contains("payslip " + run + " #5"))
                .singleElement().satisfies(m -> assertThat(m.agentId()).isEqualTo(DemoCorp.NOTICES_AGENT_ID));
    }

    @Test
    void identicalMessagesInOneBatchAreDeliveredOnceAsWhenSentOneByOne() throws Exception {
        String content = "shift swap " + UUID.randomUUID();
        HttpResponse<String> r = post(batch(List.of(text("zhaoliu", content), text("zhaoliu", content))), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answers = json(r).path("messages");
        String a = answers.get(0).path("id").asString();
        String b = answers.get(1).path("id").asString();
        await("both worked", Duration.ofSeconds(30), () -> !state(a).equals("queued") && !state(b).equals("queued"));
        // WeCom's duplicate check, on for every message: whichever went first is sent, the other absorbed
        assertThat(List.of(state(a), state(b))).containsExactlyInAnyOrder("sent", "duplicate");
        assertThat(emulator.inboxes().of("zhaoliu")).filteredOn(m -> m.summary().equals(content)).hasSize(1);
    }

    private String state(String id) {
        return GatewayHttp.get(url("/api/messages/" + id), KEY).json().path("state").asString();
    }

    @Test
    void anInvalidMessageRefusesTheWholeBatchNamesItsIndexAndStoresNothing() throws Exception {
        int before = messages();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(text("lisi", "never stored " + i));
        }
        items.set(3, text("lisi", ""));

        HttpResponse<String> r = post(batch(items), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode refusal = json(r);
        assertThat(refusal.path("errcode").asInt()).as("the errcode of the message's own failure").isEqualTo(44004);
        assertThat(refusal.path("errmsg").asString()).startsWith("messages[3]: ");
        assertThat(refusal.path("hint").asString()).startsWith("messages[3]: ");
        assertThat(messages()).isEqualTo(before);

        // a fraction in an integer field and an app that is not configured: the same codes as alone
        items.set(3, text("lisi", "fine"));
        items.set(2, "{\"agentid\":1.5,\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}");
        assertRefused(batch(items), 40035, "messages[2]: ");
        items.set(2, text("lisi", "fine"));
        items.set(4, "{\"agentid\":42,\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}");
        assertRefused(batch(items), 40056, "messages[4]: ");
        items.set(4, "[\"not a message\"]");
        assertRefused(batch(items), 40058, "messages[4]: ");
        // a repeated key anywhere in the body is refused as everywhere (StrictJson)
        items.set(4, "{\"touser\":\"lisi\",\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}");
        assertRefused(batch(items), 40058, "repeats a key");
        assertThat(messages()).isEqualTo(before);
    }

    @Test
    void aBatchHoldsOneToAHundredMessages() throws Exception {
        int before = messages();
        List<String> hundredAndOne = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            // members that do not exist: accepted, then failed by WeCom, so no real member's budget is used
            hundredAndOne.add(text("ghost-" + i, "bulk " + i));
        }
        JsonNode tooMany = assertRefused(batch(hundredAndOne), 40058, "101 messages");
        assertThat(tooMany.path("hint").asString()).contains("1 to 100 messages").contains("gateway.limits.message-body");
        assertThat(messages()).isEqualTo(before);

        // a hundred long messages: more than the 64 KB of other JSON APIs, within /api/messages' 2 MB
        List<String> hundredLong = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundredLong.add(text("ghost-" + i, "bulk " + i + " " + "x".repeat(1000)));
        }
        assertThat(batch(hundredLong).length()).isGreaterThan(64 * 1024);
        HttpResponse<String> hundred = post(batch(hundredLong), null);
        assertThat(hundred.statusCode()).as(hundred.body()).isEqualTo(202);
        assertThat(json(hundred).path("messages").size()).isEqualTo(100);
        assertThat(messages()).isEqualTo(before + 100);

        assertRefused("{\"messages\":[]}", 40058, "0 messages");
        assertRefused("{}", 40058, "must be an array");
        assertRefused("{\"messages\":{}}", 40058, "must be an array");
        assertRefused("[" + text("lisi", "x") + "]", 40058, "JSON object");
        assertRefused("{\"agentid\":" + DemoCorp.NOTICES_AGENT_ID + ",\"messages\":[" + text("lisi", "x") + "]}", 40058,
                "in each message");
        assertThat(messages()).isEqualTo(before + 100);
    }

    @Test
    void theBodyLimitOfApiMessagesAppliesToABatch() throws Exception {
        String huge = "{\"messages\":[" + text("lisi", "x".repeat(3 * 1024 * 1024)) + "]}";
        HttpResponse<String> r = post(huge, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("errcode").asInt()).isEqualTo(45002);
    }

    @Test
    void anIdempotencyKeyReplaysTheWholeBatchAndRefusesAnotherBody() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = batch(List.of(text("wangwu", "shift reminder A"), text("zhaoliu", "shift reminder B")));
        int before = messages();

        HttpResponse<String> first = post(body, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        // the same JSON formatted otherwise: the same request, the same answer, nothing new stored
        HttpResponse<String> again = post(body.replace(",", ", "), key);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(messages()).isEqualTo(before + 2);

        HttpResponse<String> other = post(batch(List.of(text("wangwu", "shift reminder A"))), key);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(json(other).path("errmsg").asString()).contains(key);
        // a key names one request: a single message cannot take a batch's key (or the reverse)
        assertThat(postTo("/api/messages", text("wangwu", "shift reminder A"), key).statusCode()).isEqualTo(409);
        String singleKey = UUID.randomUUID().toString();
        assertThat(postTo("/api/messages", text("wangwu", "alone"), singleKey).statusCode()).isEqualTo(202);
        assertThat(post(batch(List.of(text("wangwu", "alone"))), singleKey).statusCode()).isEqualTo(409);
        assertThat(messages()).isEqualTo(before + 3);
    }

    @Test
    void concurrentRepeatsOfAKeyedBatchStoreItOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = batch(List.of(text("lisi", "roster " + key), text("wangwu", "roster " + key)));
        int before = messages();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post(body, key);
                }));
            }
            go.countDown();
            java.util.Set<JsonNode> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                distinct.add(json(r));
            }
            assertThat(distinct).as("every repeat gets the one stored answer").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages()).isEqualTo(before + 2);
    }

    @Test
    void withoutAKeyEveryBatchIsNew() throws Exception {
        String body = batch(List.of(text("sunqi", "no key"), text("sunqi", "no key either")));
        int before = messages();
        assertThat(post(body, null).statusCode()).isEqualTo(202);
        assertThat(post(body, null).statusCode()).isEqualTo(202);
        assertThat(messages()).isEqualTo(before + 4);
    }

    @Test
    void callersWithoutAValidApiKeyAreRefused() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/api/messages/batch")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(List.of(text("lisi", "x"))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    // --- helpers

    private JsonNode assertRefused(String body, int errcode, String mentions) throws Exception {
        HttpResponse<String> r = post(body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode json = json(r);
        assertThat(json.path("errcode").asInt()).as(r.body()).isEqualTo(errcode);
        assertThat(json.path("errmsg").asString()).as(r.body()).contains(mentions);
        assertThat(json.path("hint").asString()).as(r.body()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception");
        return json;
    }

    static String text(String member, String content) {
        return "{\"touser\":\"" + member + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    static String batch(List<String> items) {
        return "{\"messages\":[" + String.join(",", items) + "]}";
    }

    private int messages() {
        return jdbc.queryForObject("select count(*) from message_outbox", Integer.class);
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
        return postTo("/api/messages/batch", body, idempotencyKey);
    }

    private HttpResponse<String> postTo(String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return GatewayHttp.JSON.readTree(r.body());
    }

    private void awaitState(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        await("message " + id + " " + state, Duration.ofSeconds(30), () -> {
            last[0] = GatewayHttp.get(url("/api/messages/" + id), KEY).json();
            return state.equals(last[0].path("state").asString());
        }, () -> String.valueOf(last[0]));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
