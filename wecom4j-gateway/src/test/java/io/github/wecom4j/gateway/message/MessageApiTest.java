package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.message.MessageCenter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** POST/GET /api/messages over HTTP, worked by the outbox senders against the embedded emulator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=test-key-1,test-key-2",
        "gateway.messages.initial-backoff=20ms",
        "gateway.messages.max-backoff=100ms",
        "gateway.messages.max-attempts=3"})
@ActiveProfiles("test")
class MessageApiTest {

    static final String KEY = "test-key-2";

    @LocalServerPort
    int port;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void noFaults() {
        emulator.faults().clear();
    }

    @Test
    void refusesCallersWithoutAValidApiKey() {
        String body = "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}";
        GatewayHttp.Response none = GatewayHttp.post(url("/api/messages"), null, body);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("hint").asString()).contains("X-API-Key");
        assertThat(GatewayHttp.post(url("/api/messages"), "wrong", body).status()).isEqualTo(401);
        assertThat(GatewayHttp.get(url("/api/messages/whatever"), null).status()).isEqualTo(401);
    }

    @Test
    void aMessageThatWouldBeStoredManyTimesOverIsRefusedBeforeItIsBuffered() {
        // 600 KB of article to 3,000 departments: WeCom takes 100 a call, so 30 calls repeating the article
        // (departments the demo corp does not have: no member's budget is spent by the messages accepted)
        String article = "<p>" + "x".repeat(600 * 1024) + "</p>";
        StringBuilder parties = new StringBuilder("5000");
        for (int i = 5001; i < 8000; i++) {
            parties.append('|').append(i);
        }
        String body = "{\"toparty\":\"" + parties + "\",\"msgtype\":\"mpnews\",\"mpnews\":{\"articles\":[{\"title\":\"Handbook\","
                + "\"thumb_media_id\":\"thumb\",\"content\":\"" + article + "\"}]}}";
        long before = jdbc.queryForObject("select count(*) from message_call", Long.class);
        GatewayHttp.Response r = GatewayHttp.post(url("/api/messages"), KEY, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(45002);
        assertThat(r.json().path("errmsg").asString()).contains("30 calls").contains("max-stored-per-request");
        assertThat(jdbc.queryForObject("select count(*) from message_call", Long.class)).isEqualTo(before);

        // the same article to one department is stored once
        String one = body.replace(parties.toString(), "999");
        GatewayHttp.Response stored = GatewayHttp.post(url("/api/messages"), KEY, one);
        assertThat(stored.status()).isEqualTo(202);

        // in a batch the bound is per request: to 1,000 departments (10 calls, 6 MB) one message fits, two do not
        String thousand = body.replace(parties.toString(), parties.substring(0, parties.indexOf("|6000|")));
        GatewayHttp.Response storedTenTimes = GatewayHttp.post(url("/api/messages"), KEY, thousand);
        assertThat(storedTenTimes.status()).isEqualTo(202);
        GatewayHttp.Response b = GatewayHttp.post(url("/api/messages/batch"), KEY, "{\"messages\":[" + thousand + "," + thousand + "]}");
        assertThat(b.status()).isEqualTo(400);
        assertThat(b.json().path("errcode").asInt()).isEqualTo(45002);
        assertThat(b.json().path("errmsg").asString()).startsWith("messages[1]: ");
        // WeCom refuses departments it does not have (all invalid: failed); wait, so no other test meets these sends
        for (GatewayHttp.Response accepted : java.util.List.of(stored, storedTenTimes)) {
            awaitState(accepted.json().path("id").asString(), "failed");
        }
    }

    @Test
    void acceptedMessageIsQueuedThenSentAndDelivered() {
        int before = emulator.inboxes().of("wangwu").size();
        GatewayHttp.Response r = GatewayHttp.post(url("/api/messages"), KEY,
                "{\"touser\":\"wangwu|Ghost\",\"msgtype\":\"text\",\"text\":{\"content\":\"from the outbox\"}}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("state").asString()).isEqualTo("queued");
        String id = r.json().path("id").asString();
        JsonNode status = awaitState(id, "sent");
        assertThat(status.path("partially_invalid").asBoolean()).isTrue();
        assertThat(status.path("invaliduser").get(0).asString()).isEqualTo("ghost");
        assertThat(status.path("calls").get(0).path("msgid").asString()).isNotBlank();
        assertThat(status.path("agentid").asInt()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID);
        assertThat(emulator.inboxes().of("wangwu")).hasSize(before + 1);
        assertThat(emulator.inboxes().of("wangwu").get(before).summary()).isEqualTo("from the outbox");
        // stored with WeCom's duplicate check, so a resend after a crash is absorbed
        assertThat(jdbc.queryForObject("select body from message_call where message_id = ?", String.class, id))
                .contains("\"enable_duplicate_check\":1");
    }

    @Test
    void agentidChoosesTheApp() {
        GatewayHttp.Response r = GatewayHttp.post(url("/api/messages"), KEY, "{\"agentid\":" + DemoCorp.NOTICES_AGENT_ID
                + ",\"touser\":\"zhouba|sunqi\",\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**notice**\"}}");
        awaitState(r.json().path("id").asString(), "sent");
        assertThat(emulator.inboxes().of("sunqi")).last().satisfies(m -> assertThat(m.agentId()).isEqualTo(DemoCorp.NOTICES_AGENT_ID));
        assertThat(GatewayHttp.post(url("/api/messages"), KEY, "{\"agentid\":42,\"touser\":\"sunqi\",\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"x\"}}").json().path("errcode").asInt()).isEqualTo(40056);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "empty text; {\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}; 44004",
            "image without media; {\"touser\":\"zhangsan\",\"msgtype\":\"image\",\"image\":{}}; 41006",
            "unknown type; {\"touser\":\"zhangsan\",\"msgtype\":\"fax\",\"fax\":{}}; 40008",
            "no recipients; {\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}; 82001",
            "bad userid; {\"touser\":\"no spaces\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}; 40003",
            "card without task; {\"touser\":\"a\",\"msgtype\":\"template_card\",\"template_card\":{\"card_type\":\"button_interaction\",\"button_list\":[{\"text\":\"ok\",\"key\":\"k\"}]}}; 40058",
            "not json; {not json; 40058",
            "aspect ratio as text; {\"touser\":\"a\",\"msgtype\":\"template_card\",\"template_card\":{\"card_type\":\"news_notice\",\"main_title\":{\"title\":\"x\"},\"card_image\":{\"url\":\"https://x.example/i.png\",\"aspect_ratio\":\"abc\"},\"card_action\":{\"type\":1,\"url\":\"https://x.example\"}}}; 40058",
            "aspect ratio beyond double; {\"touser\":\"a\",\"msgtype\":\"template_card\",\"template_card\":{\"card_type\":\"news_notice\",\"main_title\":{\"title\":\"x\"},\"card_image\":{\"url\":\"https://x.example/i.png\",\"aspect_ratio\":1e400},\"card_action\":{\"type\":1,\"url\":\"https://x.example\"}}}; 40058",
            // WeCom refuses any \\uXXXX (40033), and JSON can carry these two no other way
            "terminal colour code; {\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"\\u001b[31mdown\"}}; 40033",
            "half an emoji; {\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"ok \\ud83d\"}}; 40033"})
    void invalidMessagesAreRefusedAtOnceAndNeverStored(String name, String body, int errcode) {
        long stored = jdbc.queryForObject("select count(*) from message_outbox", Long.class);
        GatewayHttp.Response r = GatewayHttp.post(url("/api/messages"), KEY, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(errcode);
        assertThat(r.json().path("hint").asString()).isNotBlank();
        assertThat(r.json().toString()).doesNotContain("Exception").doesNotContain("at io.github");
        assertThat(jdbc.queryForObject("select count(*) from message_outbox", Long.class)).isEqualTo(stored);
    }

    @Test
    void systemBusyIsRetriedWithBackoffUntilSent() {
        // -1 for longer than the SDK retries on its own (until its deadline, 10 s): the outbox must
        // come back later. WeCom recovers once the outbox has recorded the failed attempt.
        emulator.faults().failNext(1_000, -1, "/cgi-bin/message/send");
        String id = GatewayHttp.post(url("/api/messages"), KEY,
                "{\"touser\":\"zhaoliu\",\"msgtype\":\"text\",\"text\":{\"content\":\"busy then fine\"}}").json().path("id").asString();
        await("first attempt failed with -1", Duration.ofSeconds(30), () -> GatewayHttp.get(url("/api/messages/" + id), KEY)
                .json().path("calls").get(0).path("errcode").asInt(0) == -1);
        emulator.faults().clear();
        JsonNode status = awaitState(id, "sent");
        assertThat(status.path("calls").get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(emulator.inboxes().of("zhaoliu")).extracting(m -> m.summary()).contains("busy then fine");
    }

    @Test
    void identicalMessagesAreOneUnlessTheCallerTurnsTheDuplicateCheckOff() {
        String same = "{\"touser\":\"sunqi\",\"msgtype\":\"text\",\"text\":{\"content\":\"same words, twice\"}}";
        String first = GatewayHttp.post(url("/api/messages"), KEY, same).json().path("id").asString();
        awaitState(first, "sent");
        // the second delivers nothing of its own, and says whose copy it is
        JsonNode second = awaitState(GatewayHttp.post(url("/api/messages"), KEY, same).json().path("id").asString(), "duplicate");
        assertThat(second.path("calls").get(0).path("duplicate_of").asString()).isEqualTo(first);
        assertThat(emulator.inboxes().of("sunqi")).filteredOn(m -> m.summary().contains("same words, twice")).hasSize(1);

        String off = "{\"touser\":\"sunqi\",\"msgtype\":\"text\",\"text\":{\"content\":\"meant twice\"},\"enable_duplicate_check\":0}";
        awaitState(GatewayHttp.post(url("/api/messages"), KEY, off).json().path("id").asString(), "sent");
        awaitState(GatewayHttp.post(url("/api/messages"), KEY, off).json().path("id").asString(), "sent");
        assertThat(emulator.inboxes().of("sunqi")).filteredOn(m -> m.summary().contains("meant twice")).hasSize(2);
    }

    @Test
    void aFinalWeComErrorFailsTheMessageWithItsErrcode() {
        emulator.faults().failNext(1, 60020, "/cgi-bin/message/send");
        String id = GatewayHttp.post(url("/api/messages"), KEY,
                "{\"touser\":\"zhaoliu\",\"msgtype\":\"text\",\"text\":{\"content\":\"ip not allowed\"}}").json().path("id").asString();
        JsonNode status = awaitState(id, "failed");
        assertThat(status.path("calls").get(0).path("errcode").asInt()).isEqualTo(60020);
        assertThat(status.path("calls").get(0).path("errmsg").asString()).as("WeCom's trailer names our egress IP")
                .isNotBlank().doesNotContain("from ip").doesNotContain("more info");
    }

    @Test
    void recallWithdrawsASentMessageFromTheInbox() {
        String id = GatewayHttp.post(url("/api/messages"), KEY,
                "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"sent by mistake\"}}").json().path("id").asString();
        String msgid = awaitState(id, "sent").path("calls").get(0).path("msgid").asString();
        GatewayHttp.Response r = GatewayHttp.post(url("/api/messages/" + id + "/recall"), KEY, "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("state").asString()).isEqualTo("recalled");
        assertThat(r.json().path("recalled_calls").asInt()).isEqualTo(1);
        assertThat(emulator.inboxes().of("zhangsan")).filteredOn(m -> m.msgid().equals(msgid))
                .singleElement().satisfies(m -> assertThat(m.recalled()).isTrue());
        assertThat(GatewayHttp.post(url("/api/messages/nope/recall"), KEY, "").status()).isEqualTo(404);
    }

    @Test
    void unknownIdIs404Json() {
        GatewayHttp.Response r = GatewayHttp.get(url("/api/messages/nope"), KEY);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(404);
    }

    @Test
    void hundredMessagesToOneMemberInAMinuteAllArriveNoneDropped() {
        String member = "lisi";
        int before = emulator.inboxes().of(member).size();
        long droppedBefore = emulator.counters().get(MessageCenter.DROPPED);
        long sendsBefore = emulator.counters().calls("/cgi-bin/message/send");
        for (int i = 0; i < 100; i++) {
            assertThat(GatewayHttp.post(url("/api/messages"), KEY, "{\"touser\":\"" + member
                    + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"burst " + i + "\"}}").status()).isEqualTo(202);
        }
        // WeCom takes 30 per minute per member: the outbox sends 30, then waits for the window
        await("first 30 delivered", Duration.ofSeconds(30), () -> emulator.inboxes().of(member).size() == before + 30);
        for (int minute = 1; emulator.inboxes().of(member).size() < before + 100; minute++) {
            assertThat(minute).as("virtual minutes needed").isLessThanOrEqualTo(4);
            // A member's inbox fills when WeCom delivers, a moment before the sender has WeCom's
            // answer; a budget slot counts from that answer. Moving the virtual clock in between
            // would stamp the slot a minute later (likelier with more senders in flight), so the
            // clock moves only once no call is being sent.
            await("sends recorded", Duration.ofSeconds(30), () -> jdbc.queryForObject(
                    "select count(*) from message_call where state = 'sending'", Integer.class) == 0);
            emulator.clock().advance(Duration.ofSeconds(65));
            int expected = Math.min(before + 100, before + 30 * (minute + 1));
            await(expected + " delivered", Duration.ofSeconds(30), () -> emulator.inboxes().of(member).size() >= expected,
                    () -> "inbox " + emulator.inboxes().of(member).size() + ", dropped " + emulator.inboxes().droppedFor(member)
                            + ", calls " + jdbc.queryForList("select state, count(*) c, min(next_attempt_at) n from message_call"
                            + " group by state") + ", now " + emulator.clock().millis());
        }
        assertThat(emulator.inboxes().of(member)).hasSize(before + 100);
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).isEqualTo(droppedBefore);
        assertThat(emulator.inboxes().droppedFor(member)).isZero();
        assertThat(emulator.counters().calls("/cgi-bin/message/send") - sendsBefore).isEqualTo(100);
    }

    private JsonNode awaitState(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        await("message " + id + " " + state, Duration.ofSeconds(30), () -> {
            last[0] = GatewayHttp.get(url("/api/messages/" + id), KEY).json();
            return state.equals(last[0].path("state").asString());
        });
        return last[0];
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
