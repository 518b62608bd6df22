package io.github.wecom4j.callback.router;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.callback.CallbackReceiver;
import io.github.wecom4j.callback.event.CallbackEvent;
import io.github.wecom4j.callback.event.ChangeContactEvent;
import io.github.wecom4j.callback.event.InboundText;
import io.github.wecom4j.callback.event.MenuEvent;
import io.github.wecom4j.callback.event.TemplateCardEvent;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router behind a real HTTP endpoint, fed by the emulator's pushes (signed, encrypted, retried
 * like WeCom), with the passive replies read back by the emulator.
 */
@WeComEmulatorTest
class CallbackRouterTest {

    private static final int AGENT = DemoCorp.APPROVALS_AGENT_ID;

    private HttpServer app;
    private volatile CallbackRouter router;
    private final List<RouteOutcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startApp(WeComEmulator emulator) throws IOException {
        EmulatedApp approvals = emulator.corp().app(AGENT).orElseThrow();
        CallbackReceiver receiver = new CallbackReceiver(approvals.callbackToken(), approvals.encodingAesKey(), DemoCorp.CORP_ID,
                Clock.systemUTC(), Duration.ofMinutes(5));
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/callback", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RouteOutcome out = router.receive(receiver, q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), body);
            outcomes.add(out);
            byte[] bytes = out.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(out.httpStatus(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        });
        app.start();
        emulator.callbacks().callbackUrl(AGENT, "http://127.0.0.1:" + app.getAddress().getPort() + "/callback");
        emulator.callbacks().timings(Duration.ofSeconds(5), Duration.ofMillis(1));
    }

    @AfterEach
    void stopApp() {
        app.stop(0);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static String cardClick(String from, String key, String taskId) {
        return "<xml><ToUserName><![CDATA[" + DemoCorp.CORP_ID + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + (System.currentTimeMillis() / 1000) + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[" + key
                + "]]></EventKey><TaskId><![CDATA[" + taskId + "]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
                + "<ResponseCode><![CDATA[rc-" + taskId + "]]></ResponseCode><AgentID>" + AGENT + "</AgentID></xml>";
    }

    @Test
    void aCardClickReachesTheMatchingRouteAndItsButtonUpdateGoesBackEncrypted(WeComEmulator emulator) {
        List<String> seen = new CopyOnWriteArrayList<>();
        router = CallbackRouter.builder()
                .on(TemplateCardEvent.class).agent(AGENT).eventKey("approve").taskId("other-task").handle(e -> {
                    seen.add("wrong task");
                    return null;
                })
                .on(TemplateCardEvent.class).agent(AGENT + 1).handle(e -> {
                    seen.add("wrong app");
                    return null;
                })
                .on(TemplateCardEvent.class).agent(AGENT).eventKey("approve").taskId("leave-42").handle(e -> {
                    seen.add(e.fromUser() + " approved " + e.taskId() + " with " + e.responseCode());
                    return PassiveReply.updateButton("Approved 已同意");
                })
                .on(TemplateCardEvent.class, e -> {
                    seen.add("fallback");
                    return null;
                })
                .build();

        CallbackPusher.Delivery d = emulator.callbacks().push(AGENT, cardClick("lisi", "approve", "leave-42"), 1);

        assertThat(seen).containsExactly("lisi approved leave-42 with rc-leave-42");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.reply()).contains("<MsgType><![CDATA[update_button]]></MsgType>", "<ReplaceName><![CDATA[Approved 已同意]]>",
                "<ToUserName><![CDATA[lisi]]></ToUserName>", "<FromUserName><![CDATA[" + DemoCorp.CORP_ID + "]]>");
    }

    @Test
    void aSupertypeRouteTakesEveryMenuEventAndATextGetsATextReply(WeComEmulator emulator) {
        List<String> keys = new CopyOnWriteArrayList<>();
        router = CallbackRouter.builder()
                .on(MenuEvent.class, e -> {
                    keys.add(e.type() + ":" + e.eventKey());
                    return PassiveReply.text("menu " + e.eventKey());
                })
                .on(InboundText.class, e -> PassiveReply.text("you said: " + e.content()))
                .build();
        assertThat(emulator.callbacks().pushEvent(AGENT, "wangwu", "click", "my_tasks").reply())
                .contains("<Content><![CDATA[menu my_tasks]]></Content>");
        assertThat(emulator.callbacks().pushText(AGENT, "wangwu", "hi ]]> there", 1).reply())
                .contains("you said: hi ]]]]><![CDATA[> there");
        assertThat(keys).containsExactly("click:my_tasks");
    }

    @Test
    void aFailingHandlerAnswers500SoWeComRetriesTheSameDelivery(WeComEmulator emulator) {
        AtomicInteger calls = new AtomicInteger();
        List<String> keys = new CopyOnWriteArrayList<>();
        router = CallbackRouter.builder()
                .on(TemplateCardEvent.class, e -> {
                    keys.add(e.dedupeKey());
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("database down (secret detail)");
                    }
                    return null;
                })
                .build();
        CallbackPusher.Delivery d = emulator.callbacks().push(AGENT, cardClick("lisi", "approve", "t-retry"), 1);
        assertThat(d.outcomes()).containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
        assertThat(keys).hasSize(3).containsOnly(keys.get(0));
        assertThat(outcomes).extracting(RouteOutcome::body).containsOnly("");
        assertThat(outcomes).extracting(RouteOutcome::note).doesNotContain("database down (secret detail)");
    }

    @Test
    void unmatchedCallbacksAreAcknowledgedAndRepliesWeComIgnoresAreDropped(WeComEmulator emulator) {
        router = CallbackRouter.builder()
                .on(ChangeContactEvent.class, e -> PassiveReply.text("nobody reads this"))
                .on(InboundText.class, e -> PassiveReply.updateButton("not a card"))
                .build();
        CallbackPusher.Delivery enter = emulator.callbacks().pushEvent(AGENT, "wangwu", "enter_agent", null);
        assertThat(enter.outcomes()).containsExactly("HTTP 200");
        assertThat(enter.reply()).isEmpty();
        assertThat(outcomes.get(0).handled()).isFalse();

        CallbackPusher.Delivery text = emulator.callbacks().pushText(AGENT, "wangwu", "hello", 1);
        assertThat(text.outcomes()).containsExactly("HTTP 200");
        assertThat(text.reply()).isEmpty();
        assertThat(outcomes.get(1).note()).contains("WeCom ignores a passive reply to text");
    }

    @Test
    void aForgedPushIsRefusedWith403AndNeverRouted() throws Exception {
        List<CallbackEvent> routed = new CopyOnWriteArrayList<>();
        router = CallbackRouter.builder().on(CallbackEvent.class, e -> {
            routed.add(e);
            return null;
        }).build();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/callback?msg_signature=00&timestamp="
                                + (System.currentTimeMillis() / 1000) + "&nonce=1"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<xml><Encrypt>AAAA</Encrypt></xml>")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEmpty();
        assertThat(routed).isEmpty();
    }
}
