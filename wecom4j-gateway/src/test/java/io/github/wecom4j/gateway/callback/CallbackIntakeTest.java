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

    @Autowired
    CallbackEventStore store;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

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
        // Handed on as soon as it is committed.
        String events = http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/callbacks?after=0"))
                .header(ApiKeys.HEADER, apiKeys.demoKey()).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(events).contains("\"fromUser\":\"lisi\"").contains("请假三天").contains("\"msgType\":\"text\"");
    }

    @Test
    void aClashOtherThanAWeComRetryFailsLoudlyInsteadOfDroppingTheCallback() {
        assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "first", 1).delivered()).isTrue();
        // the id counter behind the table (say, after a restore): the next id is taken
        jdbc.update("UPDATE callback_event_sequence SET last_id = last_id - 1 WHERE id = 1");
        CallbackPusher.Delivery d = emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "second", 1);
        assertThat(d.delivered()).as("answered 500, so WeCom sends it again").isFalse();
        assertThat(stored()).isEqualTo(1);
        // repaired, WeCom's next attempt is stored
        jdbc.update("UPDATE callback_event_sequence SET last_id = (SELECT MAX(id) FROM callback_event) WHERE id = 1");
        assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "second", 1).delivered()).isTrue();
        assertThat(stored()).isEqualTo(2);
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

    /** Issue 14.9: a body far over any callback's size is refused before it is read or parsed. */
    @Test
    void aHugeCallbackBodyIsRefusedBeforeItIsRead() throws Exception {
        String url = "http://localhost:" + port + "/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID
                + "?msg_signature=0000&timestamp=1&nonce=1";
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> declared = http().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("\"errcode\":45002").contains("\"hint\"");
        // no Content-Length (chunked): counted while read, refused at the limit (1 MB, so the server
        // can swallow the rest and the client reads the answer instead of a reset)
        byte[] large = java.util.Arrays.copyOf(huge, 1024 * 1024);
        HttpResponse<String> chunked = http().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("45002").doesNotContain("Exception");
        // declared multipart: only the media upload takes multipart (bounded by its own 21 MB);
        // anywhere else it must not lift the path's limit
        HttpResponse<String> multipart = http().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(413);
        assertThat(multipart.body()).contains("\"errcode\":45002");
        assertThat(stored()).isZero();
    }

    /** Issue 14.9: a refusal names no check, no clock offset, no decrypted bytes. */
    @Test
    void aRefusalSaysNothingAboutTheCheckThatFailedOrOurClock() throws Exception {
        String body = "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>";
        String base = "http://localhost:" + port + "/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID + "?msg_signature=0000&nonce=1";
        HttpResponse<String> stale = http().send(HttpRequest.newBuilder(URI.create(base + "&timestamp=1"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http().send(HttpRequest.newBuilder(URI.create(base + "&timestamp="
                        + emulator.clock().epochSecond())).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(stale.body()).isEqualTo(unsigned.body()).doesNotContain("away from now").doesNotContain("tolerance");
    }

    /**
     * Issue 14.9: an event whose transaction commits late is not skipped by a consumer that pages
     * by id: ids are handed out in commit order.
     */
    @Test
    void aConsumerPagingByIdNeverSkipsAnEventThatCommitsLate() throws Exception {
        java.util.concurrent.CountDownLatch stored = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // a slow intake: its event is stored but its transaction has not committed yet
            java.util.concurrent.Future<?> slow = pool.submit(() -> tx.executeWithoutResult(s -> {
                store.storeOnce(DemoCorp.APPROVALS_AGENT_ID, event("slow"));
                stored.countDown();
                try {
                    commit.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            stored.await();
            // a quick intake of a later event
            java.util.concurrent.Future<?> quick = pool.submit(() -> store.storeOnce(DemoCorp.APPROVALS_AGENT_ID, event("quick")));
            // a consumer polls meanwhile: it must never see the later event before the earlier one
            long until = System.nanoTime() + Duration.ofMillis(1000).toNanos(); // well under the lock timeout (3 s) on PostgreSQL
            while (System.nanoTime() < until) {
                assertThat(store.after(0, 10)).as("nothing is visible before the first event commits").isEmpty();
                Thread.sleep(100);
            }
            commit.countDown();
            slow.get();
            quick.get();
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        assertThat(store.after(0, 10)).extracting(CallbackEventStore.StoredEvent::fromUser).containsExactly("slow", "quick");
    }

    private static io.github.wecom4j.callback.CallbackMessage event(String from) {
        return io.github.wecom4j.callback.CallbackMessage.of(java.util.Map.of("ToUserName", DemoCorp.CORP_ID,
                "FromUserName", from, "CreateTime", "1700000000", "MsgType", "event", "Event", "enter_agent",
                "AgentID", String.valueOf(DemoCorp.APPROVALS_AGENT_ID)));
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
