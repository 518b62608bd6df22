package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** message/send and message/recall over real HTTP, as WeCom answers them (doc 90236, 94867). */
class MessageSendRouteTest {

    static WeComEmulator emulator;
    static WeComCaller wecom;
    String approvals;
    String notices;

    @BeforeAll
    static void start() {
        emulator = WeComEmulator.start();
        wecom = new WeComCaller(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void fresh() {
        emulator.reset();
        approvals = wecom.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
        notices = wecom.token(DemoCorp.CORP_ID, DemoCorp.NOTICES_SECRET);
    }

    static Stream<Arguments> validBodies() {
        return Stream.of(
                Arguments.of("text", "{\"content\":\"hello 你好\"}", "hello 你好"),
                Arguments.of("markdown", "{\"content\":\"**hi**\"}", "**hi**"),
                Arguments.of("image", "{\"media_id\":\"MID\"}", "MID"),
                Arguments.of("voice", "{\"media_id\":\"MID\"}", "MID"),
                Arguments.of("file", "{\"media_id\":\"MID\"}", "MID"),
                Arguments.of("video", "{\"media_id\":\"MID\",\"title\":\"Weekly\"}", "Weekly"),
                Arguments.of("textcard", "{\"title\":\"Leave\",\"description\":\"d\",\"url\":\"https://x.example\",\"btntxt\":\"更多\"}", "Leave"),
                Arguments.of("news", "{\"articles\":[{\"title\":\"R1\",\"url\":\"https://x.example\"}]}", "R1"),
                Arguments.of("mpnews", "{\"articles\":[{\"title\":\"P\",\"thumb_media_id\":\"T\",\"content\":\"<p>c</p>\"}]}", "P"),
                Arguments.of("miniprogram_notice", "{\"appid\":\"wx1\",\"title\":\"会议室预订成功\",\"content_item\":[{\"key\":\"k\",\"value\":\"v\"}]}", "会议室预订成功"),
                Arguments.of("template_card", "{\"card_type\":\"text_notice\",\"main_title\":{\"title\":\"Build\"},\"card_action\":{\"type\":1,\"url\":\"https://x.example\"}}", "text_notice: Build"),
                Arguments.of("template_card", "{\"card_type\":\"news_notice\",\"main_title\":{\"title\":\"N\"},\"card_image\":{\"url\":\"https://x.example/i.png\"},\"card_action\":{\"type\":1,\"url\":\"https://x.example\"}}", "news_notice: N"),
                Arguments.of("template_card", "{\"card_type\":\"button_interaction\",\"task_id\":\"t1\",\"main_title\":{\"title\":\"B\"},\"button_list\":[{\"text\":\"ok\",\"key\":\"k\"}]}", "button_interaction: B"),
                Arguments.of("template_card", "{\"card_type\":\"vote_interaction\",\"task_id\":\"t2\",\"main_title\":{\"title\":\"V\"},\"checkbox\":{\"question_key\":\"q\",\"option_list\":[{\"id\":\"a\",\"text\":\"A\"}]},\"submit_button\":{\"text\":\"s\",\"key\":\"k\"}}", "vote_interaction: V"),
                Arguments.of("template_card", "{\"card_type\":\"multiple_interaction\",\"task_id\":\"t3\",\"main_title\":{\"title\":\"M\"},\"select_list\":[{\"question_key\":\"q\",\"option_list\":[{\"id\":\"a\",\"text\":\"A\"}]}],\"submit_button\":{\"text\":\"s\",\"key\":\"k\"}}", "multiple_interaction: M"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("validBodies")
    void everyTypeIsDeliveredToTheInbox(String msgtype, String content, String summary) {
        JsonNode r = send(approvals, body("zhangsan", DemoCorp.APPROVALS_AGENT_ID, msgtype, content));
        assertThat(r.path("errcode").asInt()).as(r.toString()).isZero();
        assertThat(r.path("msgid").asString()).isNotBlank();
        assertThat(emulator.inboxes().of("zhangsan")).singleElement().satisfies(m -> {
            assertThat(m.msgtype()).isEqualTo(msgtype);
            assertThat(m.summary()).isEqualTo(summary);
            assertThat(m.msgid()).isEqualTo(r.path("msgid").asString());
        });
        JsonNode inbox = wecom.get("/_emulator/inbox/zhangsan");
        assertThat(inbox.path("messages").get(0).path("msgtype").asString()).isEqualTo(msgtype);
        assertThat(inbox.path("messages").get(0).path(msgtype).isObject()).isTrue();
        boolean interactive = summary.startsWith("button") || summary.startsWith("vote") || summary.startsWith("multiple");
        assertThat(r.has("response_code")).isEqualTo(interactive);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("text", "{\"content\":\"\"}", 44004),
                Arguments.of("text", "{\"content\":\"" + "a".repeat(2049) + "\"}", 45002),
                Arguments.of("markdown", "{\"content\":\"" + "字".repeat(683) + "\"}", 45002),
                Arguments.of("image", "{}", 41006),
                Arguments.of("video", "{\"media_id\":\"m\",\"title\":\"" + "t".repeat(129) + "\"}", 40058),
                Arguments.of("textcard", "{\"title\":\"t\",\"description\":\"d\"}", 40058),
                Arguments.of("textcard", "{\"title\":\"t\",\"description\":\"d\",\"url\":\"x\",\"btntxt\":\"一二三四五\"}", 40058),
                Arguments.of("news", "{\"articles\":[]}", 40058),
                Arguments.of("mpnews", "{\"articles\":[{\"title\":\"P\",\"content\":\"c\"}]}", 41006),
                Arguments.of("miniprogram_notice", "{\"appid\":\"wx1\",\"title\":\"短\"}", 40058),
                Arguments.of("template_card", "{\"card_type\":\"unknown\"}", 40058),
                Arguments.of("template_card", "{\"card_type\":\"button_interaction\",\"button_list\":[{\"text\":\"ok\",\"key\":\"k\"}]}", 40058),
                Arguments.of("template_card", "{\"card_type\":\"text_notice\",\"main_title\":{\"title\":\"t\"}}", 40058),
                Arguments.of("template_card", "{\"card_type\":\"vote_interaction\",\"task_id\":\"t\",\"checkbox\":{\"question_key\":\"q\",\"option_list\":[{\"id\":\"a\",\"text\":\"A\"}]}}", 40058),
                Arguments.of("nonsense", "{}", 40008));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidBodies")
    void invalidBodiesAreRefusedWithWeComsErrcodeAndDeliverNothing(String msgtype, String content, int errcode) {
        JsonNode r = send(approvals, body("zhangsan", DemoCorp.APPROVALS_AGENT_ID, msgtype, content));
        assertThat(r.path("errcode").asInt()).as(r.toString()).isEqualTo(errcode);
        assertThat(r.path("errmsg").asString()).contains("?e=" + errcode);
        assertThat(emulator.inboxes().of("zhangsan")).isEmpty();
    }

    @Test
    void agentidMustBeTheTokensApp() {
        assertThat(send(approvals, text("zhangsan", DemoCorp.NOTICES_AGENT_ID, "x")).path("errcode").asInt()).isEqualTo(301002);
        assertThat(send(approvals, text("zhangsan", 4242, "x")).path("errcode").asInt()).isEqualTo(40056);
        assertThat(send(approvals, "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")
                .path("errcode").asInt()).isEqualTo(40056);
        String contacts = wecom.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(send(contacts, text("zhangsan", DemoCorp.APPROVALS_AGENT_ID, "x")).path("errcode").asInt()).isEqualTo(48002);
        assertThat(emulator.inboxes().of("zhangsan")).isEmpty();
    }

    @Test
    void invalidRecipientsAreListedLowerCasedWhileTheOthersReceive() {
        JsonNode r = send(approvals, "{\"touser\":\"zhangsan|NoSuchUser|zhouba\",\"toparty\":\"2 | 999\",\"totag\":\"7\","
                + "\"msgtype\":\"text\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID + ",\"text\":{\"content\":\"hi\"}}");
        assertThat(r.path("errcode").asInt()).isZero();
        assertThat(r.path("invaliduser").asString()).isEqualTo("nosuchuser|zhouba"); // zhouba is disabled
        assertThat(r.path("invalidparty").asString()).isEqualTo("999");
        assertThat(r.path("invalidtag").asString()).isEqualTo("7");
        // department 2 reaches its sub-department 4 (sunqi) and members in several departments once
        for (String u : new String[]{"zhangsan", "lisi", "zhaoliu", "sunqi"}) {
            assertThat(emulator.inboxes().of(u)).as(u).hasSize(1);
        }
        assertThat(emulator.inboxes().of("wangwu")).isEmpty();
    }

    @Test
    void allInvalidIs81013AndEmptyIs82001AndTooManyIs40035() {
        assertThat(send(approvals, text("ghost", DemoCorp.APPROVALS_AGENT_ID, "x")).path("errcode").asInt()).isEqualTo(81013);
        assertThat(send(approvals, text("", DemoCorp.APPROVALS_AGENT_ID, "x")).path("errcode").asInt()).isEqualTo(82001);
        String many = String.join("|", java.util.Collections.nCopies(1001, "u")).replace("u", "u1");
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            users.append(i == 0 ? "" : "|").append("u").append(i);
        }
        assertThat(many).isNotEmpty();
        assertThat(send(approvals, text(users.toString(), DemoCorp.APPROVALS_AGENT_ID, "x")).path("errcode").asInt()).isEqualTo(40035);
    }

    @Test
    void atAllReachesEveryActiveMember() {
        assertThat(send(approvals, text("@all", DemoCorp.APPROVALS_AGENT_ID, "all hands")).path("errcode").asInt()).isZero();
        assertThat(emulator.inboxes().sizes()).containsOnlyKeys("zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi");
    }

    @Test
    void duplicateCheckAbsorbsAnIdenticalRequestWithinTheInterval() {
        String body = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                + ",\"text\":{\"content\":\"once\"},\"enable_duplicate_check\":1,\"duplicate_check_interval\":60}";
        JsonNode first = send(approvals, body);
        JsonNode again = send(approvals, body);
        assertThat(again.path("errcode").asInt()).isZero();
        assertThat(again.path("msgid").asString()).isEqualTo(first.path("msgid").asString());
        assertThat(emulator.inboxes().of("lisi")).hasSize(1);
        assertThat(emulator.counters().get(MessageCenter.DUPLICATES)).isEqualTo(1);
        // without the flag, or after the interval, it is a new message
        send(approvals, text("lisi", DemoCorp.APPROVALS_AGENT_ID, "once"));
        emulator.clock().advance(Duration.ofSeconds(61));
        send(approvals, body);
        assertThat(emulator.inboxes().of("lisi")).hasSize(3);
        assertThat(send(approvals, body.replace("60}", "14401}")).path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void recallOnlyByTheSendingAppWithin24Hours() {
        String msgid = send(approvals, text("wangwu", DemoCorp.APPROVALS_AGENT_ID, "oops")).path("msgid").asString();
        assertThat(wecom.post("/cgi-bin/message/recall", notices, "{\"msgid\":\"" + msgid + "\"}").path("errcode").asInt())
                .isEqualTo(40058);
        assertThat(wecom.post("/cgi-bin/message/recall", approvals, "{\"msgid\":\"" + msgid + "\"}").path("errcode").asInt())
                .isZero();
        assertThat(emulator.inboxes().of("wangwu")).singleElement().satisfies(m -> assertThat(m.recalled()).isTrue());
        assertThat(wecom.get("/_emulator/inbox/wangwu").path("messages").get(0).path("recalled").asBoolean()).isTrue();

        String late = send(approvals, text("wangwu", DemoCorp.APPROVALS_AGENT_ID, "old")).path("msgid").asString();
        emulator.clock().advance(Duration.ofHours(25));
        String fresh = wecom.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
        assertThat(wecom.post("/cgi-bin/message/recall", fresh, "{\"msgid\":\"" + late + "\"}").path("errcode").asInt())
                .isEqualTo(40058);
        assertThat(wecom.post("/cgi-bin/message/recall", fresh, "{}").path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void perMemberLimitSilentlyDropsTheThirtyFirstInAMinuteAndCountsIt() {
        for (int i = 0; i < 31; i++) {
            assertThat(send(approvals, text("zhaoliu", DemoCorp.APPROVALS_AGENT_ID, "m" + i)).path("errcode").asInt()).isZero();
        }
        assertThat(emulator.inboxes().of("zhaoliu")).hasSize(30);
        assertThat(emulator.inboxes().droppedFor("zhaoliu")).isEqualTo(1);
        assertThat(wecom.get("/_emulator/counters").path("counters").path(MessageCenter.DROPPED).asLong()).isEqualTo(1);
        assertThat(wecom.get("/_emulator/inbox/zhaoliu").path("dropped").asLong()).isEqualTo(1);
        // the limit is per app: the other app can still reach the member
        send(notices, text("zhaoliu", DemoCorp.NOTICES_AGENT_ID, "other app"));
        assertThat(emulator.inboxes().of("zhaoliu")).hasSize(31);
        emulator.clock().advance(Duration.ofSeconds(61));
        send(approvals, text("zhaoliu", DemoCorp.APPROVALS_AGENT_ID, "later"));
        assertThat(emulator.inboxes().of("zhaoliu")).hasSize(32);
    }

    @Test
    void perMemberLimitAlsoCapsAnHourAtAThousand() {
        String token = approvals;
        int sent = 0;
        for (int minute = 0; minute < 34; minute++) {
            for (int i = 0; i < 30; i++) {
                send(token, text("sunqi", DemoCorp.APPROVALS_AGENT_ID, "h" + sent++));
            }
            emulator.clock().advance(Duration.ofSeconds(61));
        }
        // 34 minutes x 30 = 1020 sent in under an hour of virtual time: 1000 delivered, 20 dropped
        assertThat(emulator.inboxes().of("sunqi")).hasSize(1000);
        assertThat(emulator.inboxes().droppedFor("sunqi")).isEqualTo(20);
    }

    /**
     * Doc 90313: 40033 for any backslash-u escape in a request, even of a character that needs none
     * (中 as \\u4e2d); a literal backslash followed by u (written as two backslashes) is plain text.
     */
    @Test
    void aUnicodeEscapeInTheBodyIsRefusedWith40033AndALiteralBackslashUIsText() {
        JsonNode escaped = send(approvals, text("zhangsan", DemoCorp.APPROVALS_AGENT_ID, "\\u4e2d"));
        assertThat(escaped.path("errcode").asInt()).as(escaped.toString()).isEqualTo(40033);
        assertThat(escaped.path("errmsg").asString()).contains("\\uxxxx");
        JsonNode control = send(approvals, text("zhangsan", DemoCorp.APPROVALS_AGENT_ID, "\\u001b[31mdown"));
        assertThat(control.path("errcode").asInt()).isEqualTo(40033);
        assertThat(emulator.inboxes().of("zhangsan")).isEmpty();

        JsonNode literal = send(approvals, text("zhangsan", DemoCorp.APPROVALS_AGENT_ID, "C:\\\\users\\n中"));
        assertThat(literal.path("errcode").asInt()).as(literal.toString()).isZero();
        assertThat(emulator.inboxes().of("zhangsan")).singleElement()
                .satisfies(m -> assertThat(m.content().path("content").asString()).isEqualTo("C:\\users\n中"));
    }

    /**
     * Doc 90236: recipients outside the sending app's visible range are reported invalid
     * ("常见的原因是接收人不在应用的可见范围内"), all outside is 81013, and {@code @all} is everyone the
     * app sees.
     * Notices here sees department 4 (Platform: lisi, sunqi) and zhangsan by name.
     */
    @Test
    void onlyTheAppsVisibleRangeReceives() {
        io.github.wecom4j.emulator.corp.EmulatedCorp corp = DemoCorp.create().withApp(new io.github.wecom4j.emulator.corp.EmulatedApp(
                DemoCorp.NOTICES_AGENT_ID, "Notices", DemoCorp.NOTICES_SECRET, null, null, null, null,
                java.time.LocalDate.of(2024, 5, 1), java.util.List.of(4L), java.util.List.of("zhangsan")));
        try (WeComEmulator narrow = WeComEmulator.builder().corp(corp).start()) {
            WeComCaller caller = new WeComCaller(narrow);
            String token = caller.token(DemoCorp.CORP_ID, DemoCorp.NOTICES_SECRET);
            int agent = DemoCorp.NOTICES_AGENT_ID;
            JsonNode some = caller.post("/cgi-bin/message/send", token, "{\"touser\":\"lisi|wangwu|zhangsan\",\"toparty\":\"2\","
                    + "\"msgtype\":\"text\",\"agentid\":" + agent + ",\"text\":{\"content\":\"visible\"}}");
            assertThat(some.path("errcode").asInt()).as(some.toString()).isZero();
            assertThat(some.path("invaliduser").asString()).isEqualTo("wangwu");
            assertThat(some.path("invalidparty").asString()).as("Engineering holds Platform but is not visible itself")
                    .isEqualTo("2");
            assertThat(narrow.inboxes().of("lisi")).hasSize(1);
            assertThat(narrow.inboxes().of("zhangsan")).hasSize(1);
            assertThat(narrow.inboxes().of("wangwu")).isEmpty();

            JsonNode none = caller.post("/cgi-bin/message/send", token, "{\"toparty\":\"3\",\"msgtype\":\"text\",\"agentid\":"
                    + agent + ",\"text\":{\"content\":\"sales\"}}");
            assertThat(none.path("errcode").asInt()).as(none.toString()).isEqualTo(81013);

            JsonNode all = caller.post("/cgi-bin/message/send", token, "{\"touser\":\"@all\",\"msgtype\":\"text\",\"agentid\":"
                    + agent + ",\"text\":{\"content\":\"everyone I see\"}}");
            assertThat(all.path("errcode").asInt()).as(all.toString()).isZero();
            assertThat(narrow.inboxes().of("sunqi")).hasSize(1);
            assertThat(narrow.inboxes().of("lisi")).hasSize(2);
            assertThat(narrow.inboxes().of("wangwu")).as("outside the range, even for @all").isEmpty();
        }
    }

    private JsonNode send(String token, String body) {
        return wecom.post("/cgi-bin/message/send", token, body);
    }

    private static String text(String touser, int agentId, String content) {
        return body(touser, agentId, "text", "{\"content\":\"" + content + "\"}");
    }

    private static String body(String touser, int agentId, String msgtype, String content) {
        return "{\"touser\":\"" + touser + "\",\"msgtype\":\"" + msgtype + "\",\"agentid\":" + agentId + ",\""
                + msgtype + "\":" + content + "}";
    }
}
