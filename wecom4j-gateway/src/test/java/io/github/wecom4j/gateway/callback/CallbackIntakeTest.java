package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded emulator pushes callbacks to the gateway over real HTTP, as WeCom would: the URL
 * verifies, each delivery is stored once however often WeCom repeats it, forgeries are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CallbackIntakeTest {

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiKeys apiKeys;

    @BeforeEach
    void pointTheAppAtTheGateway() {
        jdbc.update("DELETE FROM callback_event");
        emulator.callbacks().callbackUrl(DemoCorp.APPROVALS_AGENT_ID,
                "http://localhost:" + port + "/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID);
        emulator.callbacks().timings(Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    private int stored() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM callback_event", Integer.class);
    }

    @Test
    void theCallbackUrlPassesWeComsVerification() {
        assertThat(emulator.callbacks().verifyUrl(DemoCorp.APPROVALS_AGENT_ID).delivered()).isTrue();
    }

    @Test
    void aMessageDeliveredThreeTimesIsStoredOnce() throws Exception {
        CallbackPusher.Delivery d = emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "请假三天", 3);
        assertThat(d.delivered()).isTrue();
        assertThat(stored()).isEqualTo(1);
        assertThat(get("/api/callbacks?after=0").statusCode()).as("without an API key").isEqualTo(401);
        // Handed on once settled (CallbackEventStore.SETTLE): poll as a consumer would.
        String events = "[]";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (events.equals("[]") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            events = http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/callbacks?after=0"))
                    .header(ApiKeys.HEADER, apiKeys.demoKey()).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(events).contains("\"fromUser\":\"lisi\"").contains("请假三天").contains("\"msgType\":\"text\"");
    }

    @Test
    void eventsAreStoredWithTheirName() {
        assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", "").delivered()).isTrue();
        assertThat(jdbc.queryForObject("SELECT event FROM callback_event", String.class)).isEqualTo("enter_agent");
    }

    @Test
    void aForgedPushIsRefusedAndNotStored() throws Exception {
        String body = "<xml><ToUserName><![CDATA[" + DemoCorp.CORP_ID + "]]></ToUserName><Encrypt><![CDATA[AAAA]]></Encrypt></xml>";
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID + "?msg_signature=0000&timestamp="
                        + emulator.clock().epochSecond() + "&nonce=1"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("-40001").doesNotContain("Exception");
        assertThat(stored()).isZero();
    }

    @Test
    void anAppWithoutCallbackSettingsHasNoCallbackUrl() throws Exception {
        assertThat(get("/wecom/callback/" + DemoCorp.NOTICES_AGENT_ID + "?msg_signature=a&timestamp=1&nonce=1&echostr=x")
                .statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient http() {
        return HttpClient.newHttpClient();
    }
}
