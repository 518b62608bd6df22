package io.github.wecom4j.emulator.callback;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator pushing callbacks to a small app (a real HTTP server in the test) the way WeCom
 * does: signed and encrypted, retried on anything but HTTP 200.
 */
@WeComEmulatorTest
class CallbackPusherTest {

    private HttpServer app;
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private CallbackSealer sealer;
    private volatile String replyBody = "";

    @BeforeEach
    void startApp() throws IOException {
        EmulatedApp approvals = DemoCorp.create().app(DemoCorp.APPROVALS_AGENT_ID).orElseThrow();
        sealer = new CallbackSealer(approvals.callbackToken(), approvals.encodingAesKey(), DemoCorp.CORP_ID);
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/callback", exchange -> {
            Map<String, String> q = EmulatorRequest.parseQuery(exchange.getRequestURI().getRawQuery());
            String answer = "";
            int status = 200;
            if ("GET".equals(exchange.getRequestMethod())) {
                String echostr = q.get("echostr");
                status = sealer.signature(q.get("timestamp"), q.get("nonce"), echostr).equals(q.get("msg_signature")) ? 200 : 403;
                answer = status == 200 ? sealer.open(echostr) : "";
            } else if (failuresToAnswer.getAndDecrement() > 0) {
                status = 500;
            } else {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(body);
                status = m.find() && sealer.signature(q.get("timestamp"), q.get("nonce"), m.group(1)).equals(q.get("msg_signature"))
                        ? 200 : 403;
                if (status == 200) {
                    received.add(sealer.open(m.group(1)));
                    answer = replyBody;
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        app.start();
    }

    @AfterEach
    void stopApp() {
        app.stop(0);
    }

    private String appUrl() {
        return "http://127.0.0.1:" + app.getAddress().getPort() + "/callback";
    }

    @Test
    void urlVerificationSucceedsWhenTheAppAnswersThePlaintext(WeComEmulator emulator) {
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID, appUrl());
        CallbackPusher.Delivery d = emulator.callbacks().verifyUrl(DemoCorp.APPROVALS_AGENT_ID);
        assertThat(d.delivered()).isTrue();
        assertThat(emulator.counters().get("callback url verified")).isEqualTo(1);
    }

    @Test
    void aMessageIsRetriedUntilTheAppAnswers200(WeComEmulator emulator) {
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID, appUrl());
        emulator.callbacks().timings(Duration.ofSeconds(2), Duration.ofMillis(1));
        failuresToAnswer.set(2);
        CallbackPusher.Delivery d = emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "请假申请 ]]> ok", 1);
        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.outcomes()).containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
        assertThat(received).singleElement().satisfies(xml -> assertThat(xml)
                .contains("<FromUserName><![CDATA[lisi]]></FromUserName>", "<MsgType><![CDATA[text]]></MsgType>", "<MsgId>")
                .contains("<AgentID>1000002</AgentID>"));
    }

    @Test
    void weComGivesUpAfterThreeRetries(WeComEmulator emulator) {
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID, appUrl());
        emulator.callbacks().timings(Duration.ofSeconds(2), Duration.ofMillis(1));
        failuresToAnswer.set(10);
        CallbackPusher.Delivery d = emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", null);
        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(emulator.counters().get("callbacks failed")).isEqualTo(1);
    }

    @Test
    void anEncryptedPassiveReplyIsOpenedAndCheckedAsWeComDoes(WeComEmulator emulator) {
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID, appUrl());
        String plain = "<xml><ToUserName><![CDATA[lisi]]></ToUserName><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[got it]]></Content></xml>";
        String encrypt = sealer.seal("0123456789abcdef".getBytes(StandardCharsets.US_ASCII), plain);
        String signature = sealer.signature("1700000000", "77", encrypt);
        replyBody = "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><MsgSignature><![CDATA[" + signature
                + "]]></MsgSignature><TimeStamp>1700000000</TimeStamp><Nonce><![CDATA[77]]></Nonce></xml>";
        assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "hello", 1).reply()).isEqualTo(plain);

        replyBody = replyBody.replace(signature, "0".repeat(40));
        assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "hello", 1).reply())
                .isEqualTo("refused: MsgSignature does not match");
        replyBody = "";
        assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "hello", 1).reply()).isEmpty();
    }
}
