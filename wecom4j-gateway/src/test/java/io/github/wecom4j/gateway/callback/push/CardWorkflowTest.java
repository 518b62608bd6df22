package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card workflow over HTTP: a button card sent through POST /api/messages naming a
 * subscription; a member's click (the emulator's people page) reaches that subscription even
 * though it does not list template_card_event; POST /api/cards/{responseCode} changes the card in
 * the member's inbox; the emulator's rules on response codes (single use, 72 hours) come back
 * through the gateway with WeCom's errcode.
 */
class CardWorkflowTest extends PushGatewayTest {

    private static final JsonMapper JSON = PushFixture.JSON;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;


    @Test
    void aClickReachesTheNamedSubscriptionAndItsCodeUpdatesTheCardOnce() throws Exception {
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET)) {
            String name = "cards-" + UUID.randomUUID().toString().substring(0, 8);
            // the subscription takes only menu clicks: the card's clicks come because the message names it
            subscribe(name, consumer.url(), "[\"click\"]");
            String taskId = "leave-" + UUID.randomUUID().toString().substring(0, 8);
            DeliveredMessage card = sendCard(taskId, name);

            click(card.msgid(), "approve");
            awaitTrue(() -> consumer.received().size() == 1, "the click pushed to the consumer");
            JsonNode fields = JSON.readTree(consumer.received().get(0).body()).path("fields");
            assertThat(fields.path("TaskId").asString()).isEqualTo(taskId);
            assertThat(fields.path("EventKey").asString()).isEqualTo("approve");
            assertThat(fields.path("FromUserName").asString()).isEqualTo("zhangsan");
            String code = fields.path("ResponseCode").asString();

            HttpResponse<String> update = gateway("POST", "/api/cards/" + code, "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                    + ",\"button\":{\"replace_name\":\"Approved\"}}");
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            assertThat(inboxCard(card.msgid()).content().path("replace_text").asString()).isEqualTo("Approved");
            assertThat(inboxCard(card.msgid()).content().has("button_list")).isFalse();

            HttpResponse<String> again = gateway("POST", "/api/cards/" + code, "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                    + ",\"button\":{\"replace_name\":\"Approved twice\"}}");
            assertThat(again.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(again.body()).path("errcode").asInt()).isEqualTo(40058);
            assertThat(again.body()).contains("hint");
            assertThat(inboxCard(card.msgid()).content().path("replace_text").asString()).isEqualTo("Approved");
        }
    }

    @Test
    void aCodeOlderThan72HoursIsRefusedAndAFreshOneReplacesTheWholeCard() throws Exception {
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET)) {
            String name = "cards-" + UUID.randomUUID().toString().substring(0, 8);
            subscribe(name, consumer.url(), "[\"click\"]");
            DeliveredMessage card = sendCard("trip-" + UUID.randomUUID().toString().substring(0, 8), name);
            click(card.msgid(), "reject");
            awaitTrue(() -> consumer.received().size() == 1, "first click");
            String old = JSON.readTree(consumer.received().get(0).body()).path("fields").path("ResponseCode").asString();
            emulator.clock().advance(Duration.ofHours(73));
            HttpResponse<String> expired = gateway("POST", "/api/cards/" + old, "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                    + ",\"button\":{\"replace_name\":\"Rejected\"}}");
            assertThat(expired.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(expired.body()).path("errcode").asInt()).isEqualTo(40058);

            click(card.msgid(), "approve");
            awaitTrue(() -> consumer.received().size() == 2, "second click");
            String fresh = JSON.readTree(consumer.received().get(1).body()).path("fields").path("ResponseCode").asString();
            HttpResponse<String> replaced = gateway("POST", "/api/cards/" + fresh, "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                    + ",\"userids\":[\"zhangsan\"],\"template_card\":{\"card_type\":\"text_notice\",\"main_title\":"
                    + "{\"title\":\"Trip approved\"},\"card_action\":{\"type\":1,\"url\":\"https://example.com/trips\"}}}");
            assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
            JsonNode content = inboxCard(card.msgid()).content();
            assertThat(content.path("main_title").path("title").asString()).isEqualTo("Trip approved");
            assertThat(content.path("card_type").asString()).isEqualTo("text_notice");
        }
    }

    @Test
    void aMessageNamingASubscriptionIsCheckedBeforeItIsQueued() throws Exception {
        HttpResponse<String> unknown = gateway("POST", "/api/messages", cardBody("x-" + UUID.randomUUID(), "no-such-subscription"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("hint").asString()).contains("/api/subscriptions");

        HttpResponse<String> text = gateway("POST", "/api/messages", "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"agentid\":"
                + DemoCorp.APPROVALS_AGENT_ID + ",\"text\":{\"content\":\"hi\"},\"subscription\":\"whatever\"}");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.body()).contains("interactive template cards only").contains("\"hint\"");

        HttpResponse<String> noTarget = gateway("POST", "/api/cards/abc", "{\"button\":{\"replace_name\":\"x\"},"
                + "\"template_card\":{\"card_type\":\"text_notice\"}}");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(noTarget.body()).contains("exactly one of button");
    }

    @Test
    void aSecondCardWithTheSameTaskIdIsRefusedAndCannotStealTheFirstCardsClicks() throws Exception {
        try (TestConsumer owner = new TestConsumer(PushFixture.SECRET); TestConsumer thief = new TestConsumer(PushFixture.SECRET)) {
            String ownerName = "owner-" + UUID.randomUUID().toString().substring(0, 8);
            String thiefName = "thief-" + UUID.randomUUID().toString().substring(0, 8);
            subscribe(ownerName, owner.url(), "[\"click\"]");
            subscribe(thiefName, thief.url(), "[\"click\"]");
            String taskId = "steal-" + UUID.randomUUID().toString().substring(0, 8);
            DeliveredMessage card = sendCard(taskId, ownerName);

            HttpResponse<String> steal = gateway("POST", "/api/messages", cardBody(taskId, thiefName));
            assertThat(steal.statusCode()).as(steal.body()).isEqualTo(409);
            JsonNode refusal = JSON.readTree(steal.body());
            assertThat(refusal.path("errcode").asInt()).isEqualTo(40058);
            assertThat(refusal.path("hint").asString()).contains("task_id");
            assertThat(emulator.inboxes().of("zhangsan").stream()
                    .filter(m -> m.content().path("task_id").asString("").equals(taskId)).count())
                    .as("the refused card was not queued").isEqualTo(1);

            click(card.msgid(), "approve");
            awaitTrue(() -> owner.received().size() == 1, "the click still reaches the first card's subscription");
            assertThat(thief.requests()).isZero();
        }
    }

    @Test
    void concurrentCardsWithOneTaskIdGiveOne202AndRefusalsNever500() throws Exception {
        String name = "twins-" + UUID.randomUUID().toString().substring(0, 8);
        subscribe(name, "http://127.0.0.1:9/twins", "[\"click\"]");
        String taskId = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return gateway("POST", "/api/messages", cardBody(taskId, name));
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                statuses.add(r.statusCode());
                assertThat(r.body()).doesNotContain("Exception");
            }
            assertThat(statuses).as(statuses.toString()).containsOnly(202, 409);
            assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdempotencyKeyReplayOfACardAnswersTheFirstAnswerAndWritesNoRoute() throws Exception {
        String name = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        subscribe(name, "http://127.0.0.1:9/replay", "[\"click\"]");
        String body = cardBody("replay-" + UUID.randomUUID().toString().substring(0, 8), name);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = withKey(body, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        HttpResponse<String> again = withKey(body, key);
        assertThat(again.statusCode()).as("a replay, not a second card refused for its task_id").isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("id").asString()).isEqualTo(JSON.readTree(first.body()).path("id").asString());
    }

    @Test
    void cardsInABatchRouteTheirClicksAsCardsSentAlone() throws Exception {
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET)) {
            String name = "batch-" + UUID.randomUUID().toString().substring(0, 8);
            subscribe(name, consumer.url(), "[\"click\"]");
            String taskA = "shift-a-" + UUID.randomUUID().toString().substring(0, 8);
            String taskB = "shift-b-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> sent = gateway("POST", "/api/messages/batch", "{\"messages\":[" + cardBody(taskA, name) + ","
                    + textBody("your shift starts at 9") + "," + cardBody(taskB, name) + "]}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            for (JsonNode m : JSON.readTree(sent.body()).path("messages")) {
                awaitTrue(() -> fixture.messageState(m.path("id").asString()).equals("sent"), "the batch sent");
            }
            click(inboxCardWithTask(taskA).msgid(), "approve");
            click(inboxCardWithTask(taskB).msgid(), "reject");
            awaitTrue(() -> consumer.received().size() == 2, "both cards' clicks pushed to the subscription");
            assertThat(consumer.received()).extracting(r -> JSON.readTree(r.body()).path("fields").path("TaskId").asString())
                    .containsExactlyInAnyOrder(taskA, taskB);
        }
    }

    @Test
    void aBatchWithARefusedCardStoresNothingAndNamesTheCard() throws Exception {
        String name = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        subscribe(name, "http://127.0.0.1:9/refused", "[\"click\"]");
        String marker = "never queued " + UUID.randomUUID();

        // a task_id already routed: found at commit, the whole batch rolled back
        String taken = "taken-" + UUID.randomUUID().toString().substring(0, 8);
        sendCard(taken, name);
        HttpResponse<String> steal = gateway("POST", "/api/messages/batch",
                "{\"messages\":[" + textBody(marker) + "," + cardBody(taken, name) + "]}");
        assertThat(steal.statusCode()).as(steal.body()).isEqualTo(409);
        JsonNode refusal = JSON.readTree(steal.body());
        assertThat(refusal.path("errcode").asInt()).isEqualTo(40058);
        assertThat(refusal.path("errmsg").asString()).startsWith("messages[1]: ").contains(taken);
        assertThat(refusal.path("hint").asString()).startsWith("messages[1]: ").contains("task_id");

        // one task_id twice in the same batch
        String twin = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> twins = gateway("POST", "/api/messages/batch",
                "{\"messages\":[" + textBody(marker) + "," + cardBody(twin, name) + "," + cardBody(twin, name) + "]}");
        assertThat(twins.statusCode()).as(twins.body()).isEqualTo(400);
        assertThat(JSON.readTree(twins.body()).path("errmsg").asString()).startsWith("messages[2]: ").contains("messages[1]");

        // a subscription that does not exist
        HttpResponse<String> unknown = gateway("POST", "/api/messages/batch",
                "{\"messages\":[" + textBody(marker) + "," + cardBody(twin, "no-such-subscription") + "]}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("hint").asString()).startsWith("messages[1]: ").contains("/api/subscriptions");

        assertThat(jdbc.queryForObject("select count(*) from message_outbox where request like ?", Integer.class, "%" + marker + "%"))
                .as("no message of a refused batch stored").isZero();
        assertThat(jdbc.queryForObject("select count(*) from callback_card_route where task_id = ?", Integer.class, twin))
                .as("no route of a refused batch stored").isZero();
    }

    // --- helpers

    private DeliveredMessage sendCard(String taskId, String subscription) throws Exception {
        HttpResponse<String> sent = gateway("POST", "/api/messages", cardBody(taskId, subscription));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String id = JSON.readTree(sent.body()).path("id").asString();
        // sent = WeCom answered (with the card's response_code): the card takes clicks from then on
        awaitTrue(() -> fixture.messageState(id).equals("sent"), "the card sent");
        return emulator.inboxes().of("zhangsan").stream()
                .filter(m -> m.content().path("task_id").asString("").equals(taskId)).findFirst().orElseThrow();
    }

    static String cardBody(String taskId, String subscription) {
        return "{\"touser\":\"zhangsan\",\"msgtype\":\"template_card\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                + ",\"subscription\":\"" + subscription + "\",\"template_card\":{\"card_type\":\"button_interaction\","
                + "\"task_id\":\"" + taskId + "\",\"main_title\":{\"title\":\"Leave request\",\"desc\":\"Lisi: 3 days off\"},"
                + "\"button_list\":[{\"text\":\"Approve\",\"style\":1,\"key\":\"approve\"},"
                + "{\"text\":\"Reject\",\"style\":2,\"key\":\"reject\"}]}}";
    }

    private static String textBody(String content) {
        return "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                + ",\"text\":{\"content\":\"" + content + "\"}}";
    }

    private DeliveredMessage inboxCardWithTask(String taskId) {
        return emulator.inboxes().of("zhangsan").stream()
                .filter(m -> m.content().path("task_id").asString("").equals(taskId)).findFirst().orElseThrow();
    }

    private DeliveredMessage inboxCard(String msgid) {
        return emulator.inboxes().of("zhangsan").stream().filter(m -> m.msgid().equals(msgid)).findFirst().orElseThrow();
    }

    /** The member's click, as the people page's form posts it. */
    private void click(String msgid, String key) throws Exception {
        String form = "msgid=" + URLEncoder.encode(msgid, StandardCharsets.UTF_8) + "&key=" + key;
        HttpResponse<String> r = fixture.http().send(HttpRequest.newBuilder(emulator.baseUri().resolve("/_emulator/people/zhangsan/card"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).contains("clicked");
    }

    private HttpResponse<String> withKey(String body, String key) throws Exception {
        return fixture.call("POST", "/api/messages", body, "Idempotency-Key", key);
    }

    private void subscribe(String name, String url, String types) throws Exception {
        fixture.subscribe(name, url, types);
    }

    private HttpResponse<String> gateway(String method, String path, String body) throws Exception {
        return fixture.call(method, path, body);
    }
}
