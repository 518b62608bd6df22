package io.github.wecom4j.emulator.message;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.callback.CallbackSealer;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member acting on the emulator's inbox page: each action reaches a small app (a real HTTP server
 * in the test) as the signed, encrypted callback WeCom would push.
 */
@WeComEmulatorTest
class PeoplePagesTest {

    private static final int AGENT = DemoCorp.APPROVALS_AGENT_ID;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer app;
    private CallbackSealer sealer;
    private volatile String replyPlain = "";
    private WeComCaller wecom;
    private String token;
    private WeComEmulator emulator;

    @BeforeEach
    void start(WeComEmulator emulator) throws IOException {
        this.emulator = emulator;
        EmulatedApp approvals = emulator.corp().app(AGENT).orElseThrow();
        sealer = new CallbackSealer(approvals.callbackToken(), approvals.encodingAesKey(), DemoCorp.CORP_ID);
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/callback", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(body);
            Map<String, String> q = EmulatorRequest.parseQuery(exchange.getRequestURI().getRawQuery());
            boolean ok = m.find() && sealer.signature(q.get("timestamp"), q.get("nonce"), m.group(1)).equals(q.get("msg_signature"));
            String answer = "";
            if (ok) {
                received.add(sealer.open(m.group(1)));
                if (!replyPlain.isEmpty()) {
                    String enc = sealer.seal("abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII), replyPlain);
                    answer = "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt><MsgSignature><![CDATA["
                            + sealer.signature("1", "2", enc) + "]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[2]]></Nonce></xml>";
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 403, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        app.start();
        emulator.callbacks().callbackUrl(AGENT, "http://127.0.0.1:" + app.getAddress().getPort() + "/callback");
        emulator.callbacks().timings(Duration.ofSeconds(5), Duration.ofMillis(1));
        wecom = new WeComCaller(emulator);
        token = wecom.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
    }

    @AfterEach
    void stop() {
        app.stop(0);
    }

    private String page(String userId) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/people/" + userId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> act(String userId, String action, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/people/" + userId + "/" + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String sendCard(String card) {
        JsonNode r = wecom.post("/cgi-bin/message/send", token, "{\"touser\":\"lisi|wangwu\",\"msgtype\":\"template_card\",\"agentid\":"
                + AGENT + ",\"template_card\":" + card + "}");
        assertThat(r.path("errcode").asInt()).isZero();
        return r.path("msgid").asString();
    }

    private static final String APPROVAL = "{\"card_type\":\"button_interaction\",\"task_id\":\"leave-7\","
            + "\"main_title\":{\"title\":\"Leave request <3 days>\",\"desc\":\"from zhangsan\"},"
            + "\"button_list\":[{\"text\":\"Approve\",\"style\":1,\"key\":\"approve\"},{\"text\":\"Reject\",\"style\":2,\"key\":\"reject\"}]}";

    @Test
    void clickingACardButtonPushesTemplateCardEventAndAPassiveUpdateChangesOnlyThatMembersCard() throws Exception {
        String msgid = sendCard(APPROVAL);
        assertThat(page("lisi")).contains("Leave request &lt;3 days&gt;", "name=\"key\" value=\"approve\">Approve</button>");

        replyPlain = "<xml><ToUserName><![CDATA[lisi]]></ToUserName><FromUserName><![CDATA[" + DemoCorp.CORP_ID
                + "]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[update_button]]></MsgType>"
                + "<Button><ReplaceName><![CDATA[Approved]]></ReplaceName></Button></xml>";
        HttpResponse<String> r = act("lisi", "card", "msgid=" + msgid + "&key=approve");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(received).singleElement().satisfies(xml -> assertThat(xml).contains(
                "<FromUserName><![CDATA[lisi]]></FromUserName>", "<Event><![CDATA[template_card_event]]></Event>",
                "<EventKey><![CDATA[approve]]></EventKey>", "<TaskId><![CDATA[leave-7]]></TaskId>",
                "<CardType><![CDATA[button_interaction]]></CardType>", "<ResponseCode><![CDATA[", "<AgentID>" + AGENT + "</AgentID>"));
        assertThat(page("lisi")).contains("<button class=\"replaced\" disabled>Approved</button>").doesNotContain("value=\"approve\"");
        assertThat(page("wangwu")).contains("value=\"approve\"");
        // The card is no longer clickable for lisi.
        assertThat(act("lisi", "card", "msgid=" + msgid + "&key=approve").statusCode()).isEqualTo(400);
    }

    /** A link button (type 1) opens its url and calls nothing back; a url that is not http(s) is no link. */
    @Test
    void aLinkButtonIsALinkNotACallback() throws Exception {
        sendCard("{\"card_type\":\"button_interaction\",\"task_id\":\"report-9\",\"main_title\":{\"title\":\"Report\"},"
                + "\"button_list\":[{\"text\":\"Open\",\"style\":2,\"type\":1,\"url\":\"https://erp.example.com/r/9?a=1&b=2\"},"
                + "{\"text\":\"Odd\",\"type\":1,\"url\":\"javascript:alert(1)\"},{\"text\":\"Ack\",\"key\":\"ack\"}]}");
        String page = page("lisi");
        assertThat(page).contains("href=\"https://erp.example.com/r/9?a=1&amp;b=2\">Open</a>", "value=\"ack\">Ack</button>",
                "<span class=\"link-button\">Odd</span>").doesNotContain("javascript:");
    }

    @Test
    void theClicksResponseCodeUpdatesTheCardOnceThroughTheApi() throws Exception {
        String msgid = sendCard(APPROVAL);
        act("wangwu", "card", "msgid=" + msgid + "&key=reject");
        Matcher code = Pattern.compile("<ResponseCode><!\\[CDATA\\[(.*?)]]>").matcher(received.get(0));
        assertThat(code.find()).isTrue();
        String update = "{\"atall\":1,\"agentid\":" + AGENT + ",\"response_code\":\"" + code.group(1)
                + "\",\"button\":{\"replace_name\":\"Rejected\"}}";
        assertThat(wecom.post("/cgi-bin/message/update_template_card", token, update).path("errcode").asInt()).isZero();
        assertThat(page("lisi")).contains(">Rejected</button>");
        assertThat(page("wangwu")).contains(">Rejected</button>");
        assertThat(wecom.post("/cgi-bin/message/update_template_card", token, update).path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void submittingAVoteCarriesTheSelectedOptions() throws Exception {
        String msgid = sendCard("{\"card_type\":\"vote_interaction\",\"task_id\":\"lunch-1\",\"main_title\":{\"title\":\"Lunch\"},"
                + "\"checkbox\":{\"question_key\":\"lunch\",\"mode\":1,\"option_list\":[{\"id\":\"a\",\"text\":\"Noodles\"},"
                + "{\"id\":\"b\",\"text\":\"Rice\"}]},\"submit_button\":{\"text\":\"Vote\",\"key\":\"submit\"}}");
        act("lisi", "card", "msgid=" + msgid + "&key=submit&opt%3Alunch%3Aa=a&opt%3Alunch%3Ab=b");
        assertThat(received.get(0)).contains("<SelectedItems><SelectedItem><QuestionKey><![CDATA[lunch]]></QuestionKey><OptionIds>"
                + "<OptionId><![CDATA[a]]></OptionId><OptionId><![CDATA[b]]></OptionId></OptionIds></SelectedItem></SelectedItems>");
    }

    @Test
    void textMenuAndJoiningAChat() throws Exception {
        act("zhaoliu", "text", "agentid=" + AGENT + "&content=" + java.net.URLEncoder.encode("hi <app>", StandardCharsets.UTF_8));
        assertThat(received.get(0)).contains("<MsgType><![CDATA[text]]></MsgType>", "<Content><![CDATA[hi <app>]]></Content>");

        wecom.post("/cgi-bin/menu/create", token + "&agentid=" + AGENT,
                "{\"button\":[{\"type\":\"click\",\"name\":\"My tasks\",\"key\":\"my_tasks\"}]}");
        assertThat(page("zhaoliu")).contains(">My tasks</button>");
        act("zhaoliu", "menu", "agentid=" + AGENT + "&type=click&key=my_tasks");
        assertThat(received.get(1)).contains("<Event><![CDATA[click]]></Event>", "<EventKey><![CDATA[my_tasks]]></EventKey>");

        wecom.post("/cgi-bin/appchat/create", token, "{\"chatid\":\"ops\",\"name\":\"Ops\",\"userlist\":[\"lisi\",\"wangwu\"]}");
        assertThat(page("zhaoliu")).doesNotContain("data-chatid=\"ops\"");
        act("zhaoliu", "join", "chatid=ops");
        assertThat(page("zhaoliu")).contains("data-chatid=\"ops\"", "3 members");
        assertThat(act("zhaoliu", "join", "chatid=nope").statusCode()).isEqualTo(400);
        assertThat(act("nobody", "text", "agentid=1").statusCode()).isEqualTo(404);
    }
}
